#!/usr/bin/env bash
# Runs the libFuzzer harnesses of tests/fuzz (README "Fuzzing"):
#
#   packaging/fuzz.sh TARGET|all SECONDS [libFuzzer options...]
#
# TARGET: nifti dicom unpickler zip safetensors labels colour_tables (all = each in turn, SECONDS each). Builds the fuzz
# preset (clang, ASan + UBSan, libFuzzer), makes the seed corpus from ../shared (tests/fuzz/make-corpus.py)
# and fuzzes in one process (no -jobs/-fork), at most 2 GB RSS per run and the target's -max_len. The corpus grows in
# build/fuzz/corpus/TARGET and is kept between runs; crashers land in build/fuzz/artifacts/TARGET/, full logs
# in build/fuzz/logs/. Exit status 1 when any target found a crash, leak, timeout or out-of-memory input:
# fix it and keep the input in tests/fuzz/regressions/TARGET/ (replayed by tst_replay_TARGET).
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(nifti dicom unpickler zip safetensors labels colour_tables)
if [ $# -lt 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: packaging/fuzz.sh TARGET|all SECONDS [libFuzzer options...]  (TARGET: ${all_targets[*]})" >&2
  exit 2
fi
if [ "$1" = all ]; then targets=("${all_targets[@]}"); else targets=("$1"); fi
seconds=$2
shift 2

max_len() {
  case $1 in
    labels|colour_tables) echo 16384 ;;
    *) echo 65536 ;;
  esac
}

# The LibTorch units use a precompiled header; ccache caches them only with this sloppiness (without it: "Could
# not use precompiled header": 435 of 2,637 compilations here, and the slowest ones of a cold build).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=pch_defines,time_macros
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${DELINEATE_FUZZ_BUILD_JOBS:-$(nproc)}"

# Leaks are findings too; UBSan already aborts (-fno-sanitize-recover).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0}"
mkdir -p build/fuzz/logs
failed=()
summary=()
for target in "${targets[@]}"; do
  binary=build/fuzz/tests/fuzz/fuzz_$target
  [ -x "$binary" ] || { echo "fuzz.sh: unknown target '$target' (${all_targets[*]})" >&2; exit 2; }
  len=$(max_len "$target")
  corpus=build/fuzz/corpus/$target
  seeds=build/fuzz/seeds/$target
  artifacts=build/fuzz/artifacts/$target
  log=build/fuzz/logs/$target.log
  rm -rf "$seeds"
  mkdir -p "$corpus" "$artifacts"
  python3 tests/fuzz/make-corpus.py "$target" "$seeds" --max-len "$len"
  inputs=("$corpus" "$seeds")
  for kept in tests/fuzz/regressions/$target tests/fuzz/seeds/$target; do
    [ -d "$kept" ] && inputs+=("$kept")
  done
  options=(-max_total_time="$seconds" -rss_limit_mb=2048 -max_len="$len" -timeout=25 -print_final_stats=1
           -artifact_prefix="$artifacts/")
  [ -f "tests/fuzz/dicts/$target.dict" ] && options+=(-dict="tests/fuzz/dicts/$target.dict")
  echo "fuzz.sh: $target for ${seconds}s (max_len $len), log $log"
  set +e
  "$binary" "${options[@]}" "$@" "${inputs[@]}" >"$log" 2>&1
  status=$?
  set -e
  grep -E '#[0-9]+[[:space:]]+(INITED|DONE)|ERROR|SUMMARY|Test unit written|stat::number_of_executed_units|==[0-9]+==' \
    "$log" | head -n 40 || true
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  coverage=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    summary+=("$target: FAILED (rc $status) after ${execs:-?} executions, ${coverage:-no coverage line}; see $log and $artifacts/")
  else
    summary+=("$target: ${execs:-?} executions, ${coverage:-?}, no findings")
  fi
done
printf 'fuzz.sh: %s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ]
