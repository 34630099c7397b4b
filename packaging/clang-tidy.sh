#!/usr/bin/env bash
# clang-tidy with the project's .clang-tidy (findings are errors) over every translation unit of ours that
# clang can parse (core, ui, app, tests, benchmarks; never build/ or moc output), with the compile commands
# of a build folder that has been built (Qt units need its generated moc/uic sources). LibTorch units are
# excluded and unchanged units come from a result cache: packaging/clang-tidy.py says why and how.
#
#   packaging/clang-tidy.sh BUILD_DIR                                            every unit (developers)
#   packaging/clang-tidy.sh BUILD_DIR --folders core,ui,app                      CI's set (.ci/run says why)
#   packaging/clang-tidy.sh BUILD_DIR FILE...                                    these sources
#   packaging/clang-tidy.sh BUILD_DIR --help                                     all options
#
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: packaging/clang-tidy.sh BUILD_DIR [--deadline EPOCH] [--require-complete] [FILE...]}
shift
args=()
for arg in "$@"; do
  [ "$arg" = --all ] || args+=("$arg")
done
exec python3 packaging/clang-tidy.py "$build" "${args[@]}"
