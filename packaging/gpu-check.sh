#!/usr/bin/env bash
# The device check: on a machine whose Python has PyTorch with CUDA (and nvcc), builds the SAM and training
# targets against that installation's LibTorch (the SAM-only build: no Qt, ITK, DCMTK, OpenCV), runs the SAM
# conformance tests on CUDA (TF32 off, as SamPredictor sets it), bench_sam on CUDA (vit_t / vit_b / vit_h
# embedding, vit_t decode) and a Best-preset training step (encoder + decoder adapters; bfloat16 autocast on a
# GPU with bfloat16 tensor cores, float32 elsewhere), and prints one table. Designed to finish in under 8
# minutes on a 16-core GPU machine. Exits 1 when a step failed (the table says which), 77 when a test skipped
# (the fixtures are absent) and nothing failed, 0 otherwise.
#
#   packaging/gpu-check.sh [--python PY] [--deps DIR] [--build DIR | --prebuilt DIR] [--cpu] [--out DIR]
#   packaging/gpu-check.sh --prepare DIR      (here, before: what a bare GPU machine lacks, into DIR)
#
# --prepare copies nlohmann-json (headers and CMake package), zlib's headers and link library, and the vit_t
# fixtures (about 57 MiB, under the device tool's 64 MiB) into DIR; on the GPU machine --deps DIR uses them.
# Without a GPU (or with --cpu) the same steps run on the CPU with tiny sizes (vit_t only, one repeat, one
# timed training iteration): the script's CPU path. --prebuilt DIR uses a build tree that already holds the
# targets below (e.g. build/default; no configure, no build, no Python needed): CTest's tst_packaging_gpu_check
# runs the CPU path so. --out DIR (default: $OUT when set, as on the device machine) receives the results as
# two files: gpu-check.md (the table) and gpu-check.log (every step's log, one after another).
#
# On a lent GPU machine (one call, timeout_s about 500; .gpu-deps listed in .git/info/exclude):
#   here:  packaging/gpu-check.sh --prepare .gpu-deps
#   there: packaging/gpu-check.sh --deps .gpu-deps      (carry: .gpu-deps; the results come back from $OUT)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

python=${DELINEATE_TORCH_PYTHON:-python3}
deps="" build="" cpu=0 prepare="" prebuilt="" out=${OUT:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --python) python=$2; shift 2 ;;
    --deps) deps=$(cd "$2" && pwd); shift 2 ;;
    --build) build=$2; shift 2 ;;
    --prebuilt) prebuilt=$(cd "$2" && pwd); shift 2 ;;
    --cpu) cpu=1; shift ;;
    --prepare) prepare=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "gpu-check: unknown argument $1 (see the top of packaging/gpu-check.sh)" >&2; exit 2 ;;
  esac
done

if [ -n "$prepare" ]; then
  mkdir -p "$prepare"/include "$prepare"/lib "$prepare"/share/cmake "$prepare"/fixtures/sam
  cp -r /usr/include/nlohmann "$prepare"/include/
  cp -r /usr/share/cmake/nlohmann_json "$prepare"/share/cmake/
  cp /usr/include/zlib.h /usr/include/zconf.h "$prepare"/include/
  cp -L /usr/lib/x86_64-linux-gnu/libz.so "$prepare"/lib/libz.so
  for f in vit_t.pth vit_t.pt common.pt manifest.json; do cp ../shared/fixtures/sam/$f "$prepare"/fixtures/sam/; done
  echo "gpu-check: $(du -sh "$prepare" | cut -f1) in $prepare; on the GPU machine: packaging/gpu-check.sh --deps $prepare"
  exit 0
fi

started=$(date +%s)
rows=() logfiles=()
failed=0 skipped=0
row() { rows+=("| $1 | $2 |"); echo "gpu-check: $1: $2"; }
since() { echo $(( $(date +%s) - $1 )); }
# The table on stdout and, with --out, gpu-check.md and gpu-check.log (the logs so far) in that folder.
report() {
  local table
  table=$(printf '## gpu-check (%s, %s s in all)\n\n| check | result |\n|---|---|\n' "$(date -u +%Y-%m-%d)" "$(since "$started")"
          printf '%s\n' "${rows[@]}")
  printf '\n%s\n' "$table"
  [ -n "$out" ] || return 0
  mkdir -p "$out"
  printf '%s\n' "$table" >"$out/gpu-check.md"
  for log in "${logfiles[@]}"; do [ -f "$log" ] && printf '\n===== %s\n' "$log" && cat "$log"; done >"$out/gpu-check.log"
  echo "gpu-check: results in $out/gpu-check.md and $out/gpu-check.log"
}

# The Python's PyTorch (needed to build; with --prebuilt only to name the GPU: without it, the CPU path).
if info=$("$python" -c "import torch; print(torch.__version__, torch.version.cuda, int(torch.cuda.is_available()), torch.cuda.get_device_name(0) if torch.cuda.is_available() else '-')" 2>/dev/null); then
  read -r torch_version torch_cuda have_gpu gpu_name <<<"$info"
elif [ -n "$prebuilt" ]; then
  torch_version="(no PyTorch in $python)" torch_cuda=- have_gpu=0 gpu_name=-
else
  echo "gpu-check: $python has no PyTorch (import torch failed); give --python PY, or --prebuilt DIR" >&2; exit 2
fi
# --cpu: every step on the CPU, the conformance tests (device Auto) included.
if [ "$cpu" = 1 ]; then
  [ "$have_gpu" = 1 ] && gpu_name="$gpu_name (not used: --cpu)"
  have_gpu=0
  export CUDA_VISIBLE_DEVICES=""
fi
device=cpu; [ "$have_gpu" = 1 ] && device=cuda
driver=$(nvidia-smi --query-gpu=driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1 || true)
row "machine" "$(nproc) cores; GPU: ${gpu_name} ${driver:+(driver, memory: $driver)}; torch $torch_version (CUDA $torch_cuda)"

targets=(tst_sam_predictor tst_sam_image_encoder tst_sam_mask_decoder tst_checkpoint_reader bench_sam bench_train)
if [ -n "$prebuilt" ]; then
  build=$prebuilt
  row "build (prebuilt)" "$build, LibTorch $(sed -n 's/^Torch_DIR:PATH=//p' "$build/CMakeCache.txt")"
  for target in "${targets[@]}"; do
    [ -n "$(find "$build" -name "$target" -type f -perm -u+x -print -quit)" ] ||
      { echo "gpu-check: $target is not built in $build (ninja -C $build ${targets[*]})" >&2; exit 2; }
  done
else
# Build: the SAM-only tree against this Python's LibTorch.
build=${build:-$root/build/gpu-check}
shared=${deps:-$(cd "$root/.." && pwd)/shared}
cmake_args=(-S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDELINEATE_SAM_ONLY=ON
            -DDELINEATE_TORCH_PYTHON="$(command -v "$python")" -DDELINEATE_SHARED_DIR="$shared")
if [ -n "$deps" ]; then
  cmake_args+=(-DCMAKE_PREFIX_PATH="$deps" -DZLIB_INCLUDE_DIR="$deps/include" -DZLIB_LIBRARY="$deps/lib/libz.so")
fi
t=$(date +%s)
logfiles+=("$build.configure.log")
cmake "${cmake_args[@]}" >"$build.configure.log" 2>&1 ||
  { tail -30 "$build.configure.log"; row "configure" "FAILED (see $build.configure.log)"; report; exit 1; }
logfiles+=("$build.build.log")
ninja -C "$build" -j "$(nproc)" "${targets[@]}" >"$build.build.log" 2>&1 ||
  { grep -m5 -B2 -A5 'error' "$build.build.log"; row "build" "FAILED (see $build.build.log)"; report; exit 1; }
row "build (SAM-only, ${#targets[@]} targets)" "$(since "$t") s"
fi
# Logs next to the build tree (build.NAME.log); with --prebuilt in a folder of their own inside it.
logs=$build; [ -n "$prebuilt" ] && { mkdir -p "$build/gpu-check-logs"; logs=$build/gpu-check-logs/run; }
skip_code=77 # DELINEATE_TEST_SKIP_CODE (cmake/DelineateHelpers.cmake): the test lacked something it needs

# Conformance against the fixtures. tst_sam_predictor runs on CUDA when there is one (SamOptions::device Auto,
# TF32 off); the module tests run on the CPU against the same LibTorch.
for test in tst_sam_predictor tst_sam_image_encoder tst_sam_mask_decoder tst_checkpoint_reader; do
  t=$(date +%s)
  logfiles+=("$logs.$test.log")
  exe=$(find "$build/tests" -name "$test" -type f -perm -u+x -print -quit)
  code=0; DELINEATE_TEST_THREADS=$(nproc) "${exe:-$build/tests/$test}" >"$logs.$test.log" 2>&1 || code=$?
  case $code in
    0) status=passed ;;
    "$skip_code") status="SKIPPED (something it needs is absent, see $logs.$test.log)"; skipped=1 ;;
    *) status="FAILED (exit $code)"; failed=1 ;;
  esac
  where=$(grep -m1 -o 'on cuda[:0-9]*\|on cpu' "$logs.$test.log" || true)
  row "$test ${where}" "$status, $(tail -1 "$logs.$test.log"), $(since "$t") s"
done

# bench_sam: embedding of vit_t, vit_b (and vit_h on a GPU), decode of vit_t.
bench_args=(--device "$device" --repeats 5 --threads "$(nproc)")
[ "$have_gpu" = 1 ] && bench_args+=(--vit-h) || bench_args+=(--no-vit-b --repeats 1)
t=$(date +%s)
logfiles+=("$logs.bench_sam.log")
"$build"/benchmarks/sam/bench_sam "${bench_args[@]}" >"$logs.bench_sam.log" 2>&1 || { row "bench_sam" "FAILED: $(tail -1 "$logs.bench_sam.log")"; failed=1; }
while read -r line; do
  set -- $line
  declare -A f=(); for kv in "$@"; do [[ $kv == *=* ]] && f[${kv%%=*}]=${kv#*=}; done
  [ "${f[threads]}" = "$(nproc)" ] || [ "$device" = cuda ] || continue
  row "bench_sam ${f[variant]} ${f[what]} (${f[device]}, ${f[precision]})" "${f[wall_ms]} ms"
done < <(grep '^RESULT' "$logs.bench_sam.log" | grep -v 'decode_.*threads=1 ' || true)
grep -q '^RESULT' "$logs.bench_sam.log" || { row "bench_sam" "no RESULT line in $logs.bench_sam.log"; failed=1; }
row "bench_sam run" "$(since "$t") s"

# Best-preset training steps (vit_b encoder + decoder adapters; the device column says "bf16" when it trained
# under bfloat16 autocast): s per iteration after one untimed iteration. On a GPU the preset's precision (Auto:
# bfloat16 from compute capability 8.0) and float32 for comparison; on the CPU Auto alone (it is float32 there).
t=$(date +%s)
train_args=(--best --iterations 3 --threads "$(nproc)")
precisions=(auto float32)
[ "$have_gpu" = 1 ] || { train_args=(--best --iterations 1 --threads "$(nproc)" --model vit_t); precisions=(auto); }
for precision in "${precisions[@]}"; do
  log=$logs.bench_train.$precision.log
  logfiles+=("$log")
  "$build"/benchmarks/train/bench_train "${train_args[@]}" --precision "$precision" >"$log" 2>&1 || failed=1
  while read -r line; do row "bench_train Best preset, precision $precision" "$line"; done < <(grep '^| vit' "$log" || echo "no result: $(tail -1 "$log")")
  grep '^| vit' "$log" | grep -qv 'n/a' || failed=1
done
row "bench_train run" "$(since "$t") s"

report
[ "$failed" = 0 ] || { echo "gpu-check: a step FAILED (see the table and the logs $logs.*.log)"; exit 1; }
[ "$skipped" = 0 ] || { echo "gpu-check: a test SKIPPED (see the table); nothing failed"; exit 77; }
