#!/usr/bin/env bash
# bfloat16 against float32 in our engine, on the fixture image and real pictures (a program, not a test; the
# figures and the decision go into the README).
#
#   benchmarks/sam/precision_study.sh [--bench PATH/bench_sam_precision] [--threads N] [--device cpu|cuda]
#
# The default bench is the LibTorch 2.x build's (build/cuda): LibTorch 1.x refuses bfloat16 (SamPredictor.cpp).
#
# Pictures: the SAM fixtures' image A (110 x 150), Colin27 T1 axial slice 90 and coronal slice 108 (min-max to
# 8 bits), the head CT's axial slice 54 (window 40 / 400 HU), the fundus photograph (RGB). NIfTI slices are read
# with nibabel (Debian's python3-nibabel), the rest with the project's .venv (torch, Pillow). Models: the fixture
# checkpoints vit_t (MobileSAM), vit_mini (SAM ViT) and ft_vit_t_adapter (finetune-SAM, class channels), all
# with random weights (no real weights are available here).
set -euo pipefail
cd "$(dirname "$0")/../.."

bench=build/cuda/benchmarks/sam/bench_sam_precision threads=$(nproc) device=cpu
while [ $# -gt 0 ]; do
  case "$1" in
    --bench) bench=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --device) device=$2; shift 2 ;;
    *) echo "precision_study: unknown argument $1" >&2; exit 2 ;;
  esac
done
shared=${DELINEATE_SHARED_DIR:-../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$shared/data" "$work" <<'EOF'
import sys
import nibabel, numpy as np
data, work = sys.argv[1], sys.argv[2]
def pgm(name, pixels):
    pixels = np.ascontiguousarray(pixels.astype(np.uint8))
    with open(f"{work}/{name}.pgm", "wb") as f:
        f.write(b"P5 %d %d 255\n" % (pixels.shape[1], pixels.shape[0]) + pixels.tobytes())
def minmax(a):
    a = a.astype(np.float64)
    return np.round(255 * (a - a.min()) / max(a.max() - a.min(), 1e-9))
colin = nibabel.load(f"{data}/mri_brain_colin27_aal/ch2.nii.gz").get_fdata()
pgm("colin27_axial90", minmax(np.rot90(colin[:, :, 90])))
pgm("colin27_coronal108", minmax(np.rot90(colin[:, 108, :])))
ct_path = f"{data}/ct_head_invesalius/ct.nii.gz"
ct = nibabel.load(ct_path).get_fdata()
window = np.clip((ct[:, :, 54] - (40 - 200)) / 400, 0, 1) * 255
pgm("ct_head_axial54", np.round(np.rot90(window)))
EOF
.venv/bin/python3 - "$shared" "$work" <<'EOF'
import sys, torch
from PIL import Image
shared, work = sys.argv[1], sys.argv[2]
a = torch.load(f"{shared}/fixtures/sam/common.pt", weights_only=True)["a.A.image_u8"].numpy()
with open(f"{work}/fixture_image_a.pgm", "wb") as f:
    f.write(b"P5 %d %d 255\n" % (a.shape[1], a.shape[0]) + a.tobytes())
Image.open(f"{shared}/data/photo_fundus/skimage_retina.jpg").convert("RGB").save(f"{work}/fundus.ppm")
EOF

export OMP_WAIT_POLICY=PASSIVE
for model in vit_t vit_mini ft_vit_t_adapter; do
  "$bench" --checkpoint "$shared/fixtures/sam/$model.pth" --threads "$threads" --device "$device" \
           "$work"/fixture_image_a.pgm "$work"/colin27_axial90.pgm "$work"/colin27_coronal108.pgm \
           "$work"/ct_head_axial54.pgm "$work"/fundus.ppm | sed "s|$work/||g"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
