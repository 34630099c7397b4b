#!/usr/bin/env bash
# Few-shot evidence on real data (a benchmark run, not a test; its output goes into the README):
# Colin27 T1 MRI + one structure, trained on 5 axial slices with delineate-cli train, then the base
# model and the retrained model segment the training and held-out slices (delineate-cli segment,
# full resolution) and delineate-cli eval scores both against the reference (Dice, NSD at 1 mm).
#
#   benchmarks/train/fewshot_colin27.sh [--labels FILE --label V] [train options...]
#
# Defaults: the brain mask (ch2_brainmask_derived.nii.gz, value 1), the Quick (CPU) preset, the fixture
# vit_t (random weights: judge the mechanics and the trend, not the absolute quality). Extra options go
# to `delineate-cli train` (e.g. --scope decoder --method vanilla --iterations 150).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${DELINEATE_SHARED_DIR:-$root/../shared}
cli=${DELINEATE_CLI:-$root/build/default/app/cli/delineate-cli}
data=$shared/data/mri_brain_colin27_aal
model=${DELINEATE_MODEL:-$shared/fixtures/sam/vit_t.pth}
labels=$data/ch2_brainmask_derived.nii.gz
label=1
train_options=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --labels) labels=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    *) train_options+=("$1"); shift ;;
  esac
done
for f in "$cli" "$model" "$data/ch2.nii.gz" "$labels"; do
  [[ -e $f ]] || { echo "fewshot_colin27: missing $f" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "## few-shot retraining: $(basename "$labels") label $label, model $(basename "$model")"
start=$(date +%s.%N)
"$cli" train --model "$model" --image "$data/ch2.nii.gz" --labels "$labels" --label "$label" \
  --auto-slices 5 --auto-held-out 5 --json --out "$work/adapter.safetensors" "${train_options[@]}" \
  >"$work/train.json" 2>"$work/train.log"
end=$(date +%s.%N)
grep -E "^training|^iteration" "$work/train.log" || true
read -r training held <<<"$(/usr/bin/python3 -c "
import json,sys; r=json.load(open(sys.argv[1]))
print(','.join(map(str,r['training_slices'])), ','.join(map(str,r['held_out_slices'])))" "$work/train.json")"
slices="$training,$held"

"$cli" segment --model "$model" --image "$data/ch2.nii.gz" --slices "$slices" --quiet --out "$work/base.nii.gz" >/dev/null
"$cli" segment --model "$model" --adapter "$work/adapter.safetensors" --image "$data/ch2.nii.gz" --slices "$slices" \
  --quiet --out "$work/tuned.nii.gz" >/dev/null
score() { # prediction slices -> "dice nsd"
  "$cli" eval --prediction "$1" --reference "$labels" --prediction-label 1 --reference-label "$label" \
    --slices "$2" --tolerance 1 | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print('%.3f %.3f' % (d['dice'], d['nsd']))"
}
read -r bt_d bt_n <<<"$(score "$work/base.nii.gz" "$training")"
read -r bh_d bh_n <<<"$(score "$work/base.nii.gz" "$held")"
read -r tt_d tt_n <<<"$(score "$work/tuned.nii.gz" "$training")"
read -r th_d th_n <<<"$(score "$work/tuned.nii.gz" "$held")"
/usr/bin/python3 - "$work/train.json" "$start" "$end" <<PY
import json, sys
r = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
print(f"strategy {r['strategy']} (preset {r['preset'] or 'custom'}, {r['device']}), training slices {r['training_slices']}, "
      f"held out {r['held_out_slices']}")
print(f"{r['iterations']} iterations, {r['seconds']:.1f} s training ({wall:.1f} s for the whole command), "
      f"stop: {r['stop_reason']}, loss {r['first_loss']:.3f} -> {r['final_loss']:.3f}")
print()
print("| slices (full resolution) | Dice base | Dice retrained | NSD@1mm base | NSD@1mm retrained |")
print("|---|---|---|---|---|")
print("| training (5) | $bt_d | $tt_d | $bt_n | $tt_n |")
print("| held out (5) | $bh_d | $th_d | $bh_n | $th_n |")
PY
