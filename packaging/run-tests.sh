#!/usr/bin/env bash
# Fresh Debian 12 → every test: installs what is missing, builds (Ninja, ccache), runs all tests,
# then rebuilds the file parsers' fuzz-style tests with AddressSanitizer + UBSan and runs them, and
# finally runs each libFuzzer harness (tests/fuzz) for a bounded time.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

bash packaging/install-deps.sh
# Python references for the DICOM SEG tests (pydicom, highdicom, nibabel) in .venv-tools/; without PyPI those
# tests report SKIP.
bash packaging/python-env.sh || echo "run-tests: .venv-tools could not be made; the SEG read-back tests will SKIP"

# ccache keyed on paths relative to the checkout, so fresh clones (CI) reuse earlier compilations.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1

jobs=$(nproc)
cmake --preset default
cmake --build --preset default -j "$jobs"
# A test that skipped (absent data or reference tool) is listed by CTest as "Skipped", not passed;
# with DELINEATE_REQUIRE_DATA=1 (CI) it fails instead (tests/support/SkipPolicy.h).
ctest --preset default -j "$jobs" --no-tests=error

# Sanitizer pass: only the file parsers and their fuzz tests (torch-free). CI has a hard time limit;
# a cold build on 2 cores can leave too little of it, and then this pass is skipped and says so.
elapsed=$(( ($(date +%s) - started) / 60 ))
if [ -n "${DELINEATE_SANITIZER_DEADLINE_MIN:-}" ] && [ "$elapsed" -ge "$DELINEATE_SANITIZER_DEADLINE_MIN" ]; then
  echo "run-tests: SKIPPED the AddressSanitizer pass: ${elapsed} min used, deadline ${DELINEATE_SANITIZER_DEADLINE_MIN} min"
else
  cmake --preset asan
  asan_targets=$(ninja -C build/asan -t targets all | sed -n 's/^\(tst_[a-z_]*fuzz[a-z_]*\): .*/\1/p' | sort -u)
  if [ -n "$asan_targets" ]; then
    # shellcheck disable=SC2086
    cmake --build --preset asan -j "$jobs" --target $asan_targets
    # Same rule here: a fuzz test without its data shows as skipped (a failure under DELINEATE_REQUIRE_DATA=1).
    ctest --preset asan -R fuzz --no-tests=error
  fi
fi

# Fuzzing pass: every libFuzzer harness of tests/fuzz for DELINEATE_FUZZ_SECONDS (default 60) each, under
# ASan + UBSan (fuzz preset, clang). Same deadline rule: skipped, and saying so, when too little time is left.
elapsed=$(( ($(date +%s) - started) / 60 ))
if [ -n "${DELINEATE_FUZZ_DEADLINE_MIN:-}" ] && [ "$elapsed" -ge "$DELINEATE_FUZZ_DEADLINE_MIN" ]; then
  echo "run-tests: SKIPPED the fuzzing pass: ${elapsed} min used, deadline ${DELINEATE_FUZZ_DEADLINE_MIN} min"
  exit 0
fi
DELINEATE_FUZZ_BUILD_JOBS="$jobs" bash packaging/fuzz.sh all "${DELINEATE_FUZZ_SECONDS:-60}"
