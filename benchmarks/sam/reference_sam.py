"""The official SAM predictor timed the way bench_sam times ours (a program, not a test).

    .venv/bin/python3 benchmarks/sam/reference_sam.py --checkpoint FILE.pth --model-type vit_t|vit_b|vit_l|vit_h
        --image FILE.pgm|.ppm --threads N [--repeats N] [--no-decode] [--precision fp32|bf16|int8]

vit_t is MobileSAM's SamPredictor (package mobile_sam, the official repository's files), the others
segment_anything's (the official package). Both from the project's .venv (packaging/torch-venv.sh: PyPI's
torch). Measures what SamPredictor.set_image does (resize, normalise, pad, image encoder) and what predict
does for the prompts of bench_sam (same fractions of the image, multimask, logits at the original size), with
torch.set_num_threads(N). Prints the same "RESULT ..." lines as bench_sam.

--precision bf16 runs the encoder and decoder under torch.autocast("cpu", torch.bfloat16); int8 applies
torch.ao.quantization.quantize_dynamic to the image encoder's nn.Linear layers (weights int8, activations
quantised per batch), the usual int8 recipe for ViT encoders on a CPU.
"""

import argparse
import contextlib
import statistics
import time

import numpy as np
import torch


def read_netpbm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields = data.split(maxsplit=4)
    magic, width, height, max_value = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    assert magic in (b"P5", b"P6") and max_value == 255, "8-bit binary PGM or PPM expected"
    channels = 3 if magic == b"P6" else 1
    pixels = np.frombuffer(fields[4][: width * height * channels], dtype=np.uint8).reshape(height, width, channels)
    return np.repeat(pixels, 3, axis=2) if channels == 1 else pixels.copy()


def prompts(width, height):
    """bench_sam's prompts: fixed fractions of the image, truncated to whole pixels as there."""
    x = lambda f: float(int(f * width))
    y = lambda f: float(int(f * height))
    box = np.array([x(150 / 512), y(120 / 512), x(330 / 512), y(360 / 512)])
    point = np.array([[x(200 / 512), y(180 / 512)]])
    return [
        ("point", dict(point_coords=point, point_labels=np.array([1]))),
        ("2_points", dict(point_coords=np.array([[x(200 / 512), y(180 / 512)], [x(300 / 512), y(320 / 512)]]),
                          point_labels=np.array([1, 0]))),
        ("box", dict(box=box)),
        ("box+point", dict(point_coords=np.array([[x(240 / 512), y(250 / 512)]]), point_labels=np.array([1]), box=box)),
        ("point+mask", dict(point_coords=point, point_labels=np.array([1]),
                            mask_input=np.full((1, 256, 256), 0.5, dtype=np.float32))),
        ("prompt-free", dict()),
    ]


def build(model_type, checkpoint):
    if model_type == "vit_t":
        from mobile_sam import SamPredictor, sam_model_registry
    else:
        from segment_anything import SamPredictor, sam_model_registry
    sam = sam_model_registry[model_type](checkpoint=checkpoint)
    sam.eval()
    return sam, SamPredictor(sam)


def median_ms(repeats, run):
    wall, cpu = [], []
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        run()
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return statistics.median(wall), statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--model-type", required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--precision", default="fp32", choices=["fp32", "bf16", "int8"])
    parser.add_argument("--no-decode", action="store_true")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    image = read_netpbm(args.image)
    sam, predictor = build(args.model_type, args.checkpoint)
    if args.precision == "int8":
        sam.image_encoder = torch.ao.quantization.quantize_dynamic(sam.image_encoder, {torch.nn.Linear}, torch.qint8)
    autocast = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if args.precision == "bf16" else contextlib.nullcontext

    def result(what, wall, cpu):
        print(f"RESULT engine=reference variant={args.model_type} device=cpu precision={args.precision} "
              f"threads={args.threads} what={what} wall_ms={wall:.2f} cpu_ms={cpu:.2f}", flush=True)

    def embed():
        with autocast():
            predictor.set_image(image)

    embed()
    result("embed", *median_ms(args.repeats, embed))
    if args.no_decode:
        return
    for label, prompt in prompts(image.shape[1], image.shape[0]):
        def decode():
            with torch.inference_mode(), autocast():
                predictor.predict(multimask_output=True, return_logits=True, **prompt)
        decode()
        result(f"decode_{label}", *median_ms(max(args.repeats, 10), decode))


if __name__ == "__main__":
    main()
