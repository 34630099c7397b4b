#!/usr/bin/env bash
# Fresh Debian 12 → the app running on the demo study (Colin27 T1 MRI from Debian's mricron-data).
# With the project's .venv (packaging/install-deps.sh --cuda, made automatically when nvidia-smi lists a GPU)
# and the CUDA toolkit, the app is built against PyPI's LibTorch 2.x with CUDA (build/cuda), else against
# Debian's LibTorch (build/default, CPU).
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/install-deps.sh
# The LibTorch units use a precompiled header; ccache caches them only with this sloppiness (without it: "Could
# not use precompiled header": 435 of 2,637 compilations here, and the slowest ones of a cold build).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=pch_defines,time_macros
preset=default
if [ -x .venv/bin/python3 ] && { command -v nvcc >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ]; }; then
  preset=cuda
fi
cmake --preset "$preset"
cmake --build --preset "$preset" -j "$(nproc)" --target delineate delineate-cli
exec "./build/$preset/app/gui/delineate" "${1:-/usr/share/mricron/templates/ch2.nii.gz}"
