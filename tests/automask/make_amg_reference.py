#!/usr/bin/env python3
"""Reference outputs of the official segment-anything SamAutomaticMaskGenerator for tst_automask.

Made with: PyPI segment-anything 1.0 (facebookresearch/segment-anything), MobileSAM's model code for vit_t
(ChaoningZhang/MobileSAM, only to build the TinyViT model; the generator is segment-anything's), torch
and torchvision from PyPI (packaging/torch-venv.sh's .venv), CPU, 1 thread, on the random-weight fixtures
in ../shared/fixtures/sam (vit_t.pth, vit_mini.pth) and their test image A (common.pt, 110 x 150 grey,
given to the generator as RGB with three equal channels).

    .venv/bin/python tests/automask/make_amg_reference.py ../shared/fixtures/sam tests/automask/amg_reference.json && gzip -9 tests/automask/amg_reference.json

Masks are written as segment-anything's "uncompressed_rle" (column-major run lengths, first run = 0s).
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")

import numpy as np
import torch
from segment_anything import SamAutomaticMaskGenerator
from segment_anything.modeling import ImageEncoderViT, MaskDecoder, PromptEncoder, Sam, TwoWayTransformer
from functools import partial


def vit_mini():
    # The fixture's ViT-mini (tests/sam/tst_sam_config.cpp infer_vit_mini): embed 96, depth 4, 3 heads,
    # global attention in blocks 1 and 3, window 14, patch 16.
    return Sam(
        image_encoder=ImageEncoderViT(depth=4, embed_dim=96, img_size=1024, mlp_ratio=4,
                                      norm_layer=partial(torch.nn.LayerNorm, eps=1e-6), num_heads=3,
                                      patch_size=16, qkv_bias=True, use_rel_pos=True, global_attn_indexes=[1, 3],
                                      window_size=14, out_chans=256),
        prompt_encoder=PromptEncoder(embed_dim=256, image_embedding_size=(64, 64), input_image_size=(1024, 1024),
                                     mask_in_chans=16),
        mask_decoder=MaskDecoder(num_multimask_outputs=3,
                                 transformer=TwoWayTransformer(depth=2, embedding_dim=256, mlp_dim=2048, num_heads=8),
                                 transformer_dim=256, iou_head_depth=3, iou_head_hidden_dim=256),
        pixel_mean=[123.675, 116.28, 103.53], pixel_std=[58.395, 57.12, 57.375])


def vit_t():
    from mobile_sam import sam_model_registry
    return sam_model_registry["vit_t"]()


CASES = [
    # name, model, generator options. The random-weight models make large, similar masks: without a high
    # NMS threshold one mask survives, so the cases keep NMS mild (or off: 1.0) and set the filters from the
    # models' own score distribution (None: the median of a first unfiltered pass).
    ("vit_t_all", "vit_t", dict(points_per_side=8, pred_iou_thresh=0.0, stability_score_thresh=0.0,
                                 box_nms_thresh=1.0)),
    ("vit_t_nms", "vit_t", dict(points_per_side=8, pred_iou_thresh=0.0, stability_score_thresh=0.0,
                                 box_nms_thresh=0.9)),
    ("vit_mini_all", "vit_mini", dict(points_per_side=8, pred_iou_thresh=0.0, stability_score_thresh=0.0,
                                       box_nms_thresh=1.0)),
    ("vit_mini_filtered", "vit_mini", dict(points_per_side=10, pred_iou_thresh=None, stability_score_thresh=None,
                                            box_nms_thresh=0.95)),
    ("vit_t_crops", "vit_t", dict(points_per_side=8, pred_iou_thresh=0.0, stability_score_thresh=0.0,
                                   crop_n_layers=1, crop_n_points_downscale_factor=2, box_nms_thresh=0.95,
                                   crop_nms_thresh=0.9)),
]


def main():
    fixtures, out = sys.argv[1], sys.argv[2]
    torch.set_num_threads(1)
    common = torch.load(f"{fixtures}/common.pt", weights_only=False)
    grey = common["a.A.image_u8"].numpy()
    image = np.stack([grey, grey, grey], axis=-1)
    models = {}
    result = {"made_by": __doc__.strip().splitlines()[0], "image": "common.pt a.A.image_u8 (110 x 150)",
              "torch": torch.__version__, "cases": []}
    for name, model_name, options in CASES:
        if model_name not in models:
            model = vit_mini() if model_name == "vit_mini" else vit_t()
            state = torch.load(f"{fixtures}/{model_name}.pth", map_location="cpu", weights_only=False)
            model.load_state_dict(state)
            model.eval()
            models[model_name] = model
        options = dict(options)
        if options.get("pred_iou_thresh") is None:
            # thresholds inside the random model's range (median of the first pass), so that filtering acts
            probe = SamAutomaticMaskGenerator(models[model_name], output_mode="uncompressed_rle",
                                              **{**options, "pred_iou_thresh": 0.0, "stability_score_thresh": 0.0,
                                                 "box_nms_thresh": 1.0})
            with torch.no_grad():
                first = probe.generate(image)
            ious = np.array([m["predicted_iou"] for m in first])
            stabilities = np.array([m["stability_score"] for m in first])
            print(name, "predicted IoU quantiles", np.quantile(ious, [0, .25, .5, .75, 1]).round(4),
                  "stability", np.quantile(stabilities, [0, .25, .5, .75, 1]).round(4), flush=True)
            # upstream filters by predicted IoU only when its threshold is > 0
            options["pred_iou_thresh"] = float(np.round(np.quantile(ious[ious > 0], 0.5), 3)) if (ious > 0).sum() > 8 else 0.0
            options["stability_score_thresh"] = float(np.round(np.median(stabilities), 3))
        generator = SamAutomaticMaskGenerator(models[model_name], output_mode="uncompressed_rle", **options)
        with torch.no_grad():
            masks = generator.generate(image)
        result["cases"].append({
            "name": name, "model": f"{model_name}.pth", "options": options,
            "masks": [{"segmentation": m["segmentation"], "area": int(m["area"]), "bbox": [float(v) for v in m["bbox"]],
                       "predicted_iou": float(m["predicted_iou"]), "stability_score": float(m["stability_score"]),
                       "point_coords": [[float(v) for v in p] for p in m["point_coords"]],
                       "crop_box": [float(v) for v in m["crop_box"]]} for m in masks]})
        print(name, len(masks), "masks", options, flush=True)
    with open(out, "w") as f:
        json.dump(result, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
