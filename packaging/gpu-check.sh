#!/usr/bin/env bash
# The device check: on a machine whose Python has PyTorch with CUDA (and nvcc), builds the SAM and training
# targets against that installation's LibTorch (the SAM-only build: no Qt, ITK, DCMTK, OpenCV), runs the SAM
# conformance tests on CUDA (TF32 off, as SamPredictor sets it), bench_sam on CUDA (vit_t / vit_b / vit_h
# embedding, vit_t decode) and a Best-preset training step (encoder + decoder adapters, float32), and
# prints one table. Designed to finish in under 8 minutes on a 16-core GPU machine.
#
#   packaging/gpu-check.sh [--python PY] [--deps DIR] [--build DIR] [--cpu]
#   packaging/gpu-check.sh --prepare DIR      (here, before: what a bare GPU machine lacks, into DIR)
#
# --prepare copies nlohmann-json (headers and CMake package), zlib's headers and link library, and the vit_t
# fixtures (about 57 MiB, under the device tool's 64 MiB) into DIR; on the GPU machine --deps DIR uses them.
# Without a GPU (or with --cpu) the same steps run on the CPU with vit_t only: the script's CPU path.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

python=${DELINEATE_TORCH_PYTHON:-python3}
deps="" build="" cpu=0 prepare=""
while [ $# -gt 0 ]; do
  case "$1" in
    --python) python=$2; shift 2 ;;
    --deps) deps=$(cd "$2" && pwd); shift 2 ;;
    --build) build=$2; shift 2 ;;
    --cpu) cpu=1; shift ;;
    --prepare) prepare=$2; shift 2 ;;
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
rows=()
row() { rows+=("| $1 | $2 |"); echo "gpu-check: $1: $2"; }
since() { echo $(( $(date +%s) - $1 )); }

info=$("$python" -c "import torch; print(torch.__version__, torch.version.cuda, int(torch.cuda.is_available()), torch.cuda.get_device_name(0) if torch.cuda.is_available() else '-')")
read -r torch_version torch_cuda have_gpu gpu_name <<<"$info"
[ "$cpu" = 1 ] && have_gpu=0
device=cpu; [ "$have_gpu" = 1 ] && device=cuda
driver=$(nvidia-smi --query-gpu=driver_version,memory.total --format=csv,noheader 2>/dev/null | head -1 || true)
row "machine" "$(nproc) cores; GPU: ${gpu_name} ${driver:+(driver, memory: $driver)}; torch $torch_version (CUDA $torch_cuda)"

# Build: the SAM-only tree against this Python's LibTorch.
build=${build:-$root/build/gpu-check}
shared=${deps:-$(cd "$root/.." && pwd)/shared}
cmake_args=(-S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDELINEATE_SAM_ONLY=ON
            -DDELINEATE_TORCH_PYTHON="$(command -v "$python")" -DDELINEATE_SHARED_DIR="$shared")
if [ -n "$deps" ]; then
  cmake_args+=(-DCMAKE_PREFIX_PATH="$deps" -DZLIB_INCLUDE_DIR="$deps/include" -DZLIB_LIBRARY="$deps/lib/libz.so")
fi
t=$(date +%s)
cmake "${cmake_args[@]}" >"$build.configure.log" 2>&1 || { tail -30 "$build.configure.log"; exit 1; }
targets=(tst_sam_predictor tst_sam_image_encoder tst_sam_mask_decoder tst_checkpoint_reader bench_sam bench_train)
ninja -C "$build" -j "$(nproc)" "${targets[@]}" >"$build.build.log" 2>&1 || { grep -m5 -B2 -A5 'error' "$build.build.log"; exit 1; }
row "build (SAM-only, ${#targets[@]} targets)" "$(since "$t") s"

# Conformance against the fixtures. tst_sam_predictor runs on CUDA when there is one (SamOptions::device Auto,
# TF32 off); the module tests run on the CPU against the same LibTorch.
for test in tst_sam_predictor tst_sam_image_encoder tst_sam_mask_decoder tst_checkpoint_reader; do
  t=$(date +%s)
  if DELINEATE_TEST_THREADS=$(nproc) "$build"/tests/*/"$test" >"$build.$test.log" 2>&1; then status=passed; else status="FAILED (exit $?)"; fi
  where=$(grep -m1 -o 'on cuda[:0-9]*\|on cpu' "$build.$test.log" || true)
  row "$test ${where}" "$status, $(tail -1 "$build.$test.log"), $(since "$t") s"
done

# bench_sam: embedding of vit_t, vit_b (and vit_h on a GPU), decode of vit_t.
bench_args=(--device "$device" --repeats 5 --threads "$(nproc)")
[ "$have_gpu" = 1 ] && bench_args+=(--vit-h) || bench_args+=(--no-vit-b --repeats 2)
t=$(date +%s)
"$build"/benchmarks/sam/bench_sam "${bench_args[@]}" >"$build.bench_sam.log" 2>&1 || true
while read -r line; do
  set -- $line
  declare -A f=(); for kv in "$@"; do [[ $kv == *=* ]] && f[${kv%%=*}]=${kv#*=}; done
  [ "${f[threads]}" = "$(nproc)" ] || [ "$device" = cuda ] || continue
  row "bench_sam ${f[variant]} ${f[what]} (${f[device]}, ${f[precision]})" "${f[wall_ms]} ms"
done < <(grep '^RESULT' "$build.bench_sam.log" | grep -v 'decode_.*threads=1 ' || true)
row "bench_sam run" "$(since "$t") s"

# One Best-preset training step (encoder + decoder adapters, float32): s per iteration.
t=$(date +%s)
train_args=(--best --iterations 3 --threads "$(nproc)")
[ "$have_gpu" = 1 ] || train_args=(--best --iterations 1 --threads "$(nproc)" --model vit_t)
"$build"/benchmarks/train/bench_train "${train_args[@]}" >"$build.bench_train.log" 2>&1 || true
while read -r line; do row "bench_train Best preset" "$line"; done < <(grep '^| vit' "$build.bench_train.log" || echo "no result: $(tail -1 "$build.bench_train.log")")

echo
echo "## gpu-check ($(date -u +%Y-%m-%d), $(since "$started") s in all)"
echo
echo "| check | result |"
echo "|---|---|"
printf '%s\n' "${rows[@]}"
