#!/usr/bin/env bash
# Fresh Debian 12 → every test: installs what is missing, builds (Ninja, ccache), runs all tests,
# builds the torch-facing targets against PyPI's LibTorch 2.x (the `cuda` preset) and runs their tests on the
# CPU when the project's .venv exists (always in CI), then rebuilds the file parsers' fuzz-style tests with
# AddressSanitizer + UBSan and runs them, runs each libFuzzer harness (tests/fuzz) for a bounded time, and
# finally, when DELINEATE_CLANG_TIDY is set (CI), runs clang-tidy on the folders DELINEATE_CLANG_TIDY_FOLDERS
# names (CI: core, ui, app; default: every folder of ours).
#
# DELINEATE_TORCH2=1 makes the .venv first (packaging/install-deps.sh --cuda) and requires the LibTorch 2.x pass;
# DELINEATE_TORCH2=0 leaves it out; unset: it runs when .venv exists.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
minutes() { echo $(( ($(date +%s) - started) / 60 )); }

torch2="${DELINEATE_TORCH2:-}"
if [ "$torch2" = 1 ]; then
  bash packaging/install-deps.sh --cuda
else
  bash packaging/install-deps.sh
fi
[ -n "$torch2" ] || { [ -x .venv/bin/python3 ] && torch2=1 || torch2=0; }
# Python references for the DICOM SEG tests (pydicom, highdicom, nibabel) in .venv-tools/; without PyPI those
# tests report SKIP.
bash packaging/python-env.sh || echo "run-tests: .venv-tools could not be made; the SEG read-back tests will SKIP"

# The tree follows .clang-format (CI: DELINEATE_FORMAT_CHECK=1); cheap, so it runs before the build.
if [ "${DELINEATE_FORMAT_CHECK:-0}" = 1 ]; then
  bash packaging/format-check.sh
fi

# A full disk makes tests fail in ways that look like bugs (torch.save: "iostream error"): say how much room
# there is. The default build takes about 4 GB, the .venv 1.6-5.5 GB, the asan and fuzz builds 0.5 GB.
free_gb=$(df -Pk . | awk 'NR==2 {print int($4 / 1048576)}')
echo "run-tests: ${free_gb} GB free on the disk of $PWD"
[ "$free_gb" -ge 8 ] || echo "run-tests: WARNING: under 8 GB free; the build and the tests that write checkpoints may fail for lack of room"

# ccache keyed on paths relative to the checkout, so fresh clones (CI) reuse earlier compilations.
# The LibTorch units use a precompiled header; ccache caches them only with this sloppiness (without it: "Could
# not use precompiled header": 435 of 2,637 compilations here, and the slowest ones of a cold build).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=pch_defines,time_macros

jobs=$(nproc)
# DELINEATE_WERROR=ON (set by .ci/run) makes warnings errors; a user's build keeps them warnings. It is
# enforced on the build's output, not with -Werror on the compiler's command line: that flag would change
# every command line and so miss the whole ccache (a cold build on 2 cores costs CI about half an hour).
# ccache replays a cached compilation's warnings, so the output lists every warning of the tree.
cmake --preset default
build_log=build/default/build-output.log
set +e
cmake --build --preset default -j "$jobs" 2>&1 | tee "$build_log"
build_status=${PIPESTATUS[0]}
set -e
[ "$build_status" = 0 ] || exit "$build_status"
if [ "${DELINEATE_WERROR:-OFF}" = ON ] && grep -q 'warning:' "$build_log"; then
  echo "run-tests: the build has warnings, and DELINEATE_WERROR=ON makes them errors:" >&2
  grep 'warning:' "$build_log" | sort -u >&2
  exit 1
fi
# A test that skipped (absent data or reference tool) is listed by CTest as "Skipped", not passed;
# with DELINEATE_REQUIRE_DATA=1 (CI) it fails instead (tests/support/SkipPolicy.h).
ctest --preset default -j "$jobs" --no-tests=error
echo "run-tests: LibTorch $(sed -n 's/^Torch_DIR:PATH=//p' build/default/CMakeCache.txt) passed after $(minutes) min"

# The same torch-facing code against PyPI's LibTorch 2.x (CUDA build, run on the CPU): the checkpoint readers,
# SAM conformance, the training-step conformance and the trainer. Configuring it configures the whole app.
# CI has 90 minutes: the pass starts only before DELINEATE_TORCH2_DEADLINE_MIN (set by .ci/run) and says so
# when it does not (a cold LibTorch 2.x build on 2 cores is the slowest step of a first run).
if [ "$torch2" = 1 ] && [ -n "${DELINEATE_TORCH2_DEADLINE_MIN:-}" ] && [ "$(minutes)" -ge "$DELINEATE_TORCH2_DEADLINE_MIN" ]; then
  echo "run-tests: SKIPPED the LibTorch 2.x pass: $(minutes) min used, deadline ${DELINEATE_TORCH2_DEADLINE_MIN} min"
  torch2=0
fi
if [ "$torch2" = 1 ]; then
  pass_started=$(date +%s)
  cmake --preset cuda
  torch2_tests=$(ctest --preset cuda -N -L torch | sed -n 's/^ *Test *#[0-9]*: //p')
  # shellcheck disable=SC2086
  cmake --build --preset cuda -j "$jobs" --target $torch2_tests
  ctest --preset cuda -L torch --no-tests=error
  echo "run-tests: LibTorch 2.x pass took $(( ($(date +%s) - pass_started) / 60 )) min ($(minutes) min in all)"
fi

# Sanitizer pass: only the file parsers and their fuzz tests (torch-free). CI has a hard time limit;
# a cold build on 2 cores can leave too little of it, and then this pass is skipped and says so.
elapsed=$(minutes)
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
else
  DELINEATE_FUZZ_BUILD_JOBS="$jobs" bash packaging/fuzz.sh all "${DELINEATE_FUZZ_SECONDS:-60}"
fi

# clang-tidy (.clang-tidy's checks, findings are errors) on the units of DELINEATE_CLANG_TIDY_FOLDERS (default
# every folder of ours: core,ui,app,tests,benchmarks; CI: core,ui,app, .ci/run says why), all but the LibTorch
# units, which are excluded (packaging/clang-tidy.py says why). It runs last. The set is sized to finish in
# CI's time from a cold cache; as a guard against a slow machine, no unit starts after minute
# DELINEATE_CLANG_TIDY_DEADLINE_MIN and none runs longer than DELINEATE_CLANG_TIDY_UNIT_SECONDS: units left
# unchecked that way are named (UNCHECKED) but do not fail the run; findings do. A unit whose preprocessed text,
# flags and .clang-tidy are unchanged comes from the result cache (~/.cache/delineate-tidy), so on a developer's
# machine a second run costs the preprocessing and the changed units only.
if [ -n "${DELINEATE_CLANG_TIDY:-}" ]; then
  tidy_args=(--jobs "$jobs" --unit-timeout "${DELINEATE_CLANG_TIDY_UNIT_SECONDS:-1200}"
             --folders "${DELINEATE_CLANG_TIDY_FOLDERS:-core,ui,app,tests,benchmarks}")
  if [ -n "${DELINEATE_CLANG_TIDY_DEADLINE_MIN:-}" ]; then
    tidy_args+=(--deadline "$(( started + DELINEATE_CLANG_TIDY_DEADLINE_MIN * 60 ))")
  fi
  tidy_started=$(date +%s)
  bash packaging/clang-tidy.sh build/default "${tidy_args[@]}"
  echo "run-tests: clang-tidy pass took $(( ($(date +%s) - tidy_started) / 60 )) min ($(minutes) min in all)"
fi
