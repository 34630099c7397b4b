#!/usr/bin/env bash
# Our SAM engine against the official Python predictor, on the same machine, image, checkpoint and thread count,
# in alternating runs (a program, not a test; figures go into the README).
#
#   benchmarks/sam/compare_reference.sh [--bench PATH/bench_sam]... [--rounds N] [--threads N] [--vit-h] [--no-vit-b]
#                                       [--precision fp32|bf16] [--reference-precision fp32|bf16|int8]
#
# Each round runs every bench_sam given (default build/default's, Debian LibTorch 1.13; add
# build/cuda/benchmarks/sam/bench_sam for LibTorch 2.x) and then benchmarks/sam/reference_sam.py (PyPI's torch from
# .venv: MobileSAM's SamPredictor for vit_t, segment_anything's for vit_b / vit_h), per model. The image is the
# shared fundus photograph (1411 x 1411 RGB); vit_t is the fixture checkpoint, vit_b / vit_h are checkpoints of the
# official architecture with its own random initialisation, written by torch.save (timing does not depend on the
# values). Prints the medians over the rounds and the ratio ours / reference per measurement.
set -euo pipefail
cd "$(dirname "$0")/../.."

benches=() rounds=3 threads=$(nproc) vith=0 vitb=1 precision=fp32 refprecision=""
while [ $# -gt 0 ]; do
  case "$1" in
    --bench) benches+=("$2"); shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --vit-h) vith=1; shift ;;
    --no-vit-b) vitb=0; shift ;;
    --precision) precision=$2; shift 2 ;;
    --reference-precision) refprecision=$2; shift 2 ;;
    *) echo "compare_reference: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ ${#benches[@]} -gt 0 ] || benches=(build/default/benchmarks/sam/bench_sam)
refprecision=${refprecision:-$precision}
python=.venv/bin/python3
shared=${DELINEATE_SHARED_DIR:-../shared}
[ -x "$python" ] || { echo "compare_reference: no .venv (packaging/torch-venv.sh)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" - "$shared" "$work" "$vith" "$vitb" <<'EOF'
import sys, torch
from PIL import Image
from segment_anything import sam_model_registry
shared, work, vith, vitb = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4] == "1"
import glob
photo = sorted(glob.glob(f"{shared}/data/photo_fundus/*.jp*g"))[0]
Image.open(photo).convert("RGB").save(f"{work}/image.ppm")
torch.manual_seed(0)
for model_type in (["vit_b"] if vitb else []) + (["vit_h"] if vith else []):
    torch.save(sam_model_registry[model_type]().state_dict(), f"{work}/{model_type}.pth")
EOF
cp "$shared/fixtures/sam/vit_t.pth" "$work/vit_t.pth"
models=(vit_t)
[ "$vitb" = 1 ] && models+=(vit_b)
[ "$vith" = 1 ] && models+=(vit_h)

# The same OpenMP setting for both (bench_sam's usual one on this shared machine); the load is printed with the table.
export OMP_WAIT_POLICY=PASSIVE
log="$work/results.txt"
for round in $(seq "$rounds"); do
  for model in "${models[@]}"; do
    decode=(); [ "$model" = vit_t ] || decode=(--no-decode)
    repeats=3; [ "$model" = vit_t ] || repeats=1
    for bench in "${benches[@]}"; do
      echo "round $round: $model $bench" >&2
      "$bench" --checkpoint "$work/$model.pth" --image "$work/image.ppm" --threads "$threads" --repeats "$repeats" \
               --precision "$precision" "${decode[@]}" | grep '^RESULT' | sed "s|engine=delineate|engine=$bench|" >>"$log"
    done
    echo "round $round: $model reference" >&2
    "$python" benchmarks/sam/reference_sam.py --checkpoint "$work/$model.pth" --model-type "$model" \
              --image "$work/image.ppm" --threads "$threads" --repeats "$repeats" --precision "$refprecision" \
              "${decode[@]}" 2>/dev/null | grep '^RESULT' >>"$log"
  done
done

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg), $threads threads, $rounds rounds"
"$python" - "$log" <<'EOF'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = dict(kv.split("=", 1) for kv in line.split()[1:])
    runs[(f["engine"], f["variant"], f["what"])].append((float(f["wall_ms"]), float(f["cpu_ms"]), f["precision"]))
engines = sorted({k[0] for k in runs if k[0] != "reference"})
median = lambda values, i: statistics.median(v[i] for v in values)
print("Medians over the rounds, wall ms / process CPU ms; ratio = ours / reference (wall, CPU).\n")
print("| model | measurement | reference (precision, runs) | " + " | ".join(f"{e} | ratio" for e in engines) + " |")
print("|---|---|---:|" + "---:|---:|" * len(engines))
for (engine, variant, what), ref in sorted(runs.items(), key=lambda kv: (kv[0][1], kv[0][2])):
    if engine != "reference":
        continue
    cells = []
    for e in engines:
        ours = runs.get((e, variant, what), [])
        if not ours:
            cells.append("– | –")
            continue
        cells.append(f"{median(ours, 0):.1f} / {median(ours, 1):.1f} ({ours[0][2]}) | "
                     f"{median(ours, 0) / median(ref, 0):.2f}, {median(ours, 1) / median(ref, 1):.2f}")
    print(f"| {variant} | {what} | {median(ref, 0):.1f} / {median(ref, 1):.1f} ({ref[0][2]}, {len(ref)}) | "
          + " | ".join(cells) + " |")
EOF
