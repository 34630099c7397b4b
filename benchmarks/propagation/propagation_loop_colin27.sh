#!/usr/bin/env bash
# The propagation loop on real data (a benchmark run, not a test; its output goes into the README):
# Colin27 T1 MRI + one structure. Train an adapter with box prompts on 5 axial slices (delineate-cli train
# --prompts box), then propagate from ONE anchor slice of the reference through the whole study with the base
# model and with the retrained one (delineate-cli propagate, box projection), and score both volumes against
# the reference (delineate-cli eval: Dice, NSD at 1 mm, all slices).
#
#   benchmarks/propagation/propagation_loop_colin27.sh [--labels FILE --label V] [--anchor K]
#       [--propagate "OPTIONS"] [train options...]
#
# Defaults: the brain mask (ch2_brainmask_derived.nii.gz, value 1), anchor = the middle slice holding the
# label, the Quick (CPU) preset, the fixture vit_t (random weights: judge the mechanics and what retraining
# buys, not the absolute quality). Propagation uses the single-mask output and no IoU threshold: our trainer
# trains the single-mask token and not the IoU head, so the multimask outputs and the predicted IoU of the
# fixture stay random; the fronts stop at an empty or vanishing mask (default --min-pixels 5,
# --min-area-ratio 0.2) or the study's end. Extra propagate options: --propagate "--projection mask".
#
# OpenMP threads wait passively (OMP_WAIT_POLICY=PASSIVE unless the caller set it), as in every other
# benchmark and model test here. LibTorch's OpenMP (libgomp) otherwise spins after each parallel region,
# and on a machine shared with other work the spinning threads take the cores the working ones need:
# delineate-cli propagate, 2 threads, 2-core VM at load ~10, 2026-12-06: 17.6 s per slice spinning,
# 4.8 s passive, base model and retrained adapter alike. libgomp reads the variable only at program start,
# so it has to come from the environment. The load average is printed before and after the runs.
set -euo pipefail
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${DELINEATE_SHARED_DIR:-$root/../shared}
cli=${DELINEATE_CLI:-$root/build/default/app/cli/delineate-cli}
data=$shared/data/mri_brain_colin27_aal
model=${DELINEATE_MODEL:-$shared/fixtures/sam/vit_t.pth}
labels=$data/ch2_brainmask_derived.nii.gz
label=1
anchor=""
propagate_options=""
train_options=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --labels) labels=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --anchor) anchor=$2; shift 2 ;;
    --propagate) propagate_options=$2; shift 2 ;;
    *) train_options+=("$1"); shift ;;
  esac
done
for f in "$cli" "$model" "$data/ch2.nii.gz" "$labels"; do
  [[ -e $f ]] || { echo "propagation_loop_colin27: missing $f" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "## propagation loop: $(basename "$labels") label $label, model $(basename "$model")"
echo "OMP_WAIT_POLICY=$OMP_WAIT_POLICY; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
"$cli" train --model "$model" --image "$data/ch2.nii.gz" --labels "$labels" --label "$label" \
  --auto-slices 5 --prompts box --json --out "$work/adapter.safetensors" "${train_options[@]}" \
  >"$work/train.json" 2>"$work/train.log"
end=$(date +%s.%N)
if [[ -z $anchor ]]; then
  # The middle of the slices holding the label (eval --per-slice lists them).
  anchor=$("$cli" eval --prediction "$labels" --reference "$labels" --label "$label" --per-slice |
    /usr/bin/python3 -c "
import json,sys; s=sorted(e['index'] for e in json.load(sys.stdin)['slices'] if e['reference_voxels'] > 0); print(s[len(s)//2])")
fi

propagate() { # name [adapter options...]
  local name=$1; shift
  /usr/bin/time -f "%e" -o "$work/$name.time" "$cli" propagate --model "$model" "$@" --image "$data/ch2.nii.gz" \
    --labels "$labels" --label "$label" --anchors "$anchor" --single-mask --iou-threshold -100 $propagate_options \
    --quiet --out "$work/$name.nii.gz" >"$work/$name.log"
}
propagate base
propagate tuned --adapter "$work/adapter.safetensors"
score() { # prediction -> "dice nsd"
  "$cli" eval --prediction "$1" --reference "$labels" --label "$label" --tolerance 1 |
    /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print('%.3f %.3f' % (d['dice'], d['nsd']))"
}
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
read -r b_d b_n <<<"$(score "$work/base.nii.gz")"
read -r t_d t_n <<<"$(score "$work/tuned.nii.gz")"
/usr/bin/python3 - "$work" "$start" "$end" "$anchor" <<PY
import json, sys, os
work, anchor = sys.argv[1], sys.argv[4]
r = json.load(open(os.path.join(work, "train.json")))
wall = float(sys.argv[3]) - float(sys.argv[2])
print(f"train: strategy {r['strategy']} (preset {r['preset'] or 'custom'}), slices {r['training_slices']}, "
      f"{r['iterations']} iterations, {wall:.1f} s whole command, loss {r['first_loss']:.3f} -> {r['final_loss']:.3f}")
print(f"propagation from slice {anchor}")
print()
print("| model | slices propagated | fronts (anchor, last slice, reason) | s | slices/s | Dice | NSD@1mm |")
print("|---|---:|---|---:|---:|---:|---:|")
for name, dice, nsd in (("base", "$b_d", "$b_n"), ("retrained (box prompts)", "$t_d", "$t_n")):
    key = "base" if name == "base" else "tuned"
    p = json.load(open(os.path.join(work, key + ".provenance.json")))["labels"][0]
    n = sum(1 for s in p["slices"] if s["source"] == "propagation")
    stops = "; ".join(f"{s['direction']} to {s['last_slice']} ({s['reason']})" for s in p["propagation"]["stops"])
    seconds = float(open(os.path.join(work, key + ".time")).read().split()[-1])
    print(f"| {name} | {n} | {stops} | {seconds:.1f} | {n / seconds:.2f} | {dice} | {nsd} |")
PY
