#!/usr/bin/env bash
# Data-set level evidence on real data (a benchmark run, not a test; its output goes into the README):
# a project of three studies of one subject (Colin27), label "brain":
#   study-1  ch2.nii.gz        T1 with skull, 1 mm      brain mask ch2_brainmask_derived.nii.gz
#   study-2  ch2bet.nii.gz     skull-stripped T1, 1 mm  the same brain mask
#   study-3  ch2better.nii.gz  skull-stripped, 0.5 mm   brain mask derived here as ch2better > 0, the rule
#                                                      ch2_brainmask_derived = ch2bet > 0 follows
# Three retrains with `delineate-cli train --project` (study-3 held out, 4 of its labelled axial slices):
#   v1: 3 reviewed slices of study-1; v2: + 2 of study-2 (5 slices over two studies); v3: + 3 more (8).
# Then eval-model on study-3 for the base model and v1, v2, v3, and the learning curve as CSV.
#
#   benchmarks/train/dataset_colin27.sh [OUTPUT_FOLDER] [train options...]
#
# Fixture vit_t (random weights: the mechanics and the direction, not the quality); Quick preset with
# 30 iterations per retrain unless options say otherwise (--seconds 3600: the Quick preset's 60 s budget
# counts from loading the model, so on a busy machine the slice embeddings alone would use it up). The project stays in OUTPUT_FOLDER (default: a
# temporary folder, removed) so the app can open it (learning-curve screenshot).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${DELINEATE_SHARED_DIR:-$root/../shared}
cli=${DELINEATE_CLI:-$root/build/default/app/cli/delineate-cli}
data=$shared/data/mri_brain_colin27_aal
model=${DELINEATE_MODEL:-$shared/fixtures/sam/vit_t.pth}
out=${1:-}
[[ $# -gt 0 ]] && shift
train_options=("$@")
[[ ${#train_options[@]} -gt 0 ]] || train_options=(--iterations 30 --seconds 3600 --threads 2)
for f in "$cli" "$model" "$data/ch2.nii.gz" "$data/ch2bet.nii.gz" "$data/ch2better.nii.gz"; do
  [[ -e $f ]] || { echo "dataset_colin27: missing $f" >&2; exit 1; }
done
if [[ -z $out ]]; then out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi
mkdir -p "$out"
project=$out/project

# The project folder: manifest, label table, each study's label map (reviewed slices per stage below).
/usr/bin/python3 - "$data" "$project" <<'PY'
import json, os, sys
import nibabel as nib, numpy as np
data, project = sys.argv[1], sys.argv[2]
studies = [("study-1", "ch2.nii.gz", "ch2_brainmask_derived.nii.gz"),
           ("study-2", "ch2bet.nii.gz", "ch2_brainmask_derived.nii.gz"),
           ("study-3", "ch2better.nii.gz", None)]
entries = []
for sid, image, mask in studies:
    folder = os.path.join(project, "studies", sid)
    os.makedirs(folder, exist_ok=True)
    if mask:
        m = nib.load(os.path.join(data, mask))
        out = nib.Nifti1Image((np.asanyarray(m.dataobj) > 0).astype(np.uint8), m.affine, m.header)
    else:
        src = nib.load(os.path.join(data, image))
        out = nib.Nifti1Image((np.asanyarray(src.dataobj) > 0).astype(np.uint8), src.affine, src.header)
    out.set_data_dtype(np.uint8)
    nib.save(out, os.path.join(folder, "labels.nii.gz"))
    entries.append({"id": sid, "path": os.path.join(data, image), "label_file": "labels.nii.gz", "reviewed": {}})
os.makedirs(os.path.join(project, "adapters"), exist_ok=True)
json.dump({"format_version": 1, "application": "Delineate", "name": "colin27-brain", "studies": entries,
           "adapters": [], "active_adapter": "", "model_checkpoint": "", "settings": {}},
          open(os.path.join(project, "project.json"), "w"), indent=2)
json.dump({"format": "delineate-labels", "version": 1, "labels": [
    {"value": 1, "name": "brain", "colour": [230, 25, 75], "visible": True, "locked": False, "opacity": 1.0}]},
    open(os.path.join(project, "labels.json"), "w"), indent=2)
PY

# review STUDY-ID SLICES...: mark axial slices reviewed in the manifest
source "$root/benchmarks/train/review_slices.sh"
retrain() { # version
  echo "## retrain v$1"
  "$cli" train --model "$model" --project "$project" --label-name brain --held-out-study study-3 \
    --held-out-max 4 --out "$project/adapters/brain-v$1.safetensors" "${train_options[@]}" 2>"$out/train-v$1.log"
  grep -E "^skipped|^training on" "$out/train-v$1.log" || true
}
review study-1 50 80 110
retrain 1
review study-2 65 95
retrain 2
review study-1 35 125
review study-2 80
retrain 3

echo "## held-out study-3 (4 labelled axial slices), base model vs v1, v2, v3"
# A manifest file, not a process substitution: the CLI reads files it can size (a pipe is refused).
printf 'id,image,labels\nstudy-3,%s,%s\n' "$data/ch2better.nii.gz" "$project/studies/study-3/labels.nii.gz" \
  >"$out/held-out.csv"
for adapter in "" "$project"/adapters/brain-v{1,2,3}.safetensors; do
  if [[ -n $adapter ]]; then echo "### adapter $(basename "$adapter")"; else echo "### base model"; fi
  "$cli" eval-model --model "$model" ${adapter:+--adapter "$adapter"} --dataset "$out/held-out.csv" --label 1 \
    --slices all-labelled --max-slices 4 --threads 2
done
echo "## learning curve"
"$cli" learning-curve --project "$project" | tee "$out/learning-curve.csv"
