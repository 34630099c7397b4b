"""Writes checkpoints the way current PyTorch writes them, for tst_sam_torch2_checkpoints.

Run with the project's Python environment (packaging/torch-venv.sh: PyPI's torch 2.x and the official
segment-anything package):

    .venv/bin/python3 tests/sam/torch2_checkpoints.py FIXTURES_DIR OUT_DIR GROUP

FIXTURES_DIR is ../shared/fixtures/sam (random-weight checkpoints of three architectures, written by
torch 1.13). Every file below is made by this torch with torch.save; none is edited by hand. The C++ test
loads them with our own reader (core/tensorio) and compares them with the fixtures it reads directly.
GROUP names the files one test case needs (mobilesam, sam, training, bf16, fp16, legacy): each case writes its
own into a folder it removes, so the test never holds more than about 80 MB on disk (all files: 270 MB).

  mobilesam_state_dict.pth   MobileSAM vit_t state dict, loaded and saved again (OrderedDict, byteorder record)
  sam_state_dict.pth         segment_anything's own SAM model (vit_mini configuration of the fixtures) built
                             by its builder, loaded with the fixture weights, then sam.state_dict() saved
  finetune_training.pth      a whole finetune-SAM training checkpoint: {"epoch", "model": the adapter model's
                             state dict with nn.Parameters (keep_vars=True: _rebuild_parameter), "optimizer":
                             AdamW's state after one step, "best_dice", "args"}; the weights are the fixture's
  mobilesam_bf16.pth         every floating tensor of the MobileSAM state dict cast to bfloat16 by torch
  mobilesam_bf16_bits.pth    the same tensors' bit patterns (bfloat16 viewed as int16), the expected bytes
  mobilesam_bf16_as_fp32.pth the bfloat16 values widened back to float32 by torch (same prediction expected)
  mobilesam_fp16.pth, mobilesam_fp16_bits.pth, mobilesam_fp16_as_fp32.pth   the same for float16
  legacy.pth                 a small state dict in the pre-1.6 format (_use_new_zipfile_serialization=False)

Prints one JSON line: the torch version and the files written.
"""

import collections
import json
import os
import shutil
import sys
import zipfile

import torch


def load_fixture(path):
    return torch.load(path, map_location="cpu", weights_only=True)


def cast_floats(state_dict, dtype):
    return collections.OrderedDict(
        (k, v.to(dtype) if v.is_floating_point() else v.clone()) for k, v in state_dict.items())


def save_precision_variants(state_dict, name, dtype, bits_dtype, out):
    low = cast_floats(state_dict, dtype)
    torch.save(low, os.path.join(out, f"{name}.pth"))
    bits = collections.OrderedDict((k, v.view(bits_dtype)) for k, v in low.items() if v.dtype == dtype)
    torch.save(bits, os.path.join(out, f"{name}_bits.pth"))
    torch.save(cast_floats(low, torch.float32), os.path.join(out, f"{name}_as_fp32.pth"))
    return [f"{name}.pth", f"{name}_bits.pth", f"{name}_as_fp32.pth"]


def official_sam_state_dict(fixture):
    # The fixtures' vit_mini configuration (fixtures/sam/README.md) through segment_anything's own builder.
    from segment_anything.build_sam import _build_sam
    sam = _build_sam(encoder_embed_dim=96, encoder_depth=4, encoder_num_heads=3,
                     encoder_global_attn_indexes=[1, 3], checkpoint=None)
    sam.load_state_dict(fixture, strict=True)
    return sam.state_dict()


def training_checkpoint(fixture):
    # Parameters as a training script holds them; one AdamW step on a copy gives a real optimizer state.
    model = collections.OrderedDict(
        (k, torch.nn.Parameter(v.clone(), requires_grad=v.is_floating_point()) if v.is_floating_point() else v)
        for k, v in fixture.items())
    shadow = [torch.nn.Parameter(v.detach().clone()) for k, v in model.items() if "Adapter" in k][:4]
    optimizer = torch.optim.AdamW(shadow, lr=1e-4, weight_decay=0.1)
    sum(p.square().sum() for p in shadow).backward()
    optimizer.step()
    return {"epoch": 7, "model": model, "optimizer": optimizer.state_dict(), "best_dice": 0.912,
            "args": {"lr": 1e-4, "finetune_type": "adapter", "if_warmup": True, "encoder_adapter_depths": [0, 1]}}


def write_group(group, fixtures, out):
    mobile = lambda: load_fixture(os.path.join(fixtures, "vit_t.pth"))
    if group == "mobilesam":
        torch.save(mobile(), os.path.join(out, "mobilesam_state_dict.pth"))
        return ["mobilesam_state_dict.pth"]
    if group == "sam":
        torch.save(official_sam_state_dict(load_fixture(os.path.join(fixtures, "vit_mini.pth"))),
                   os.path.join(out, "sam_state_dict.pth"))
        return ["sam_state_dict.pth"]
    if group == "training":
        torch.save(training_checkpoint(load_fixture(os.path.join(fixtures, "ft_vit_t_adapter.pth"))),
                   os.path.join(out, "finetune_training.pth"))
        # The training checkpoint's pickle rebuilds nn.Parameters with torch._utils._rebuild_parameter.
        with zipfile.ZipFile(os.path.join(out, "finetune_training.pth")) as archive:
            pickle = archive.read(next(n for n in archive.namelist() if n.endswith("/data.pkl")))
            assert b"_rebuild_parameter" in pickle, "finetune_training.pth: no _rebuild_parameter"
        return ["finetune_training.pth"]
    if group == "bf16":
        return save_precision_variants(mobile(), "mobilesam_bf16", torch.bfloat16, torch.int16, out)
    if group == "fp16":
        return save_precision_variants(mobile(), "mobilesam_fp16", torch.float16, torch.int16, out)
    if group == "legacy":
        small = collections.OrderedDict((k, v) for k, v in list(mobile().items())[:3])
        torch.save(small, os.path.join(out, "legacy.pth"), _use_new_zipfile_serialization=False)
        with open(os.path.join(out, "legacy.pth"), "rb") as legacy:
            assert not zipfile.is_zipfile(legacy), "legacy.pth is a zip file"
        return []
    raise SystemExit(f"torch2_checkpoints.py: unknown group {group!r}")


def main():
    fixtures, out, group = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    try:
        written = write_group(group, fixtures, out)
    except RuntimeError as error:
        # torch.save reports a full disk as an iostream error; say how much room there was.
        free = shutil.disk_usage(out).free / 2**20
        raise SystemExit(f"torch2_checkpoints.py: writing {group} into {out} failed ({free:.0f} MiB free there): "
                         f"{str(error).splitlines()[0]}")

    # The records the C++ test is about are really there: every zip file has torch 2.x's byteorder record.
    for name in written:
        with zipfile.ZipFile(os.path.join(out, name)) as archive:
            assert any(n.endswith("/byteorder") for n in archive.namelist()), f"{name}: no byteorder record"

    print(json.dumps({"torch": torch.__version__, "group": group, "files": written, "byteorder": True}))


if __name__ == "__main__":
    main()
