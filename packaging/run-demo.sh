#!/usr/bin/env bash
# Fresh Debian 12 → the app running on the demo study (Colin27 T1 MRI from Debian's mricron-data).
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake --preset default
cmake --build --preset default -j "$(nproc)" --target delineate delineate-cli
exec ./build/default/app/gui/delineate "${1:-/usr/share/mricron/templates/ch2.nii.gz}"
