#!/usr/bin/env python3
"""Independent reference decoder for tests/dicom/tst_transfer_syntaxes.cpp.

Reads DICOM files with pydicom (Debian python3-pydicom) whose pixel data handlers decode them: pydicom's
own Python code for uncompressed, deflated, big-endian and RLE data, GDCM (python3-gdcm) for JPEG,
JPEG-LS and JPEG 2000. Nothing here shares code with DCMTK, which Delineate's loader uses (for JPEG 2000
both Delineate and GDCM call OpenJPEG; GDCM and DCMTK each carry their own copy of the IJG JPEG code).

Usage: dicom_reference.py ROOT < relative paths (one per line) > one JSON object per line:
  {"path", "rows", "columns", "frames", "components", "min", "max"} or {"path", "error"}.

The values follow the conventions Delineate's loader documents (core/dicom/src/detail/PixelDecoder.h),
applied here to pydicom's stored values:
  monochrome   stored value x RescaleSlope + RescaleIntercept of the frame (functional groups: per-frame
               item over shared item over the top level; a slope of 0 counts as 1); MONOCHROME1 inverted
               within the rescaled range its BitsStored / PixelRepresentation allow;
  colour       RGB (YBR_FULL / YBR_FULL_422 converted with pydicom's convert_color_space);
  palette      RGB from the lookup tables (pydicom's apply_color_lut), entries cut to max(BitsStored, 8)
               bits by dropping their low bits.
Files ending in .gz are gunzipped first.
"""
import gzip
import io
import json
import os
import sys
import warnings

import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_color_lut, convert_color_space


def read(path):
    if path.endswith(".gz"):
        with gzip.open(path, "rb") as compressed:
            return pydicom.dcmread(io.BytesIO(compressed.read()))
    return pydicom.dcmread(path)


def rescale_per_frame(ds, frames):
    """(slope, intercept) of every frame."""
    slope = float(ds.get("RescaleSlope", 1) or 1)
    intercept = float(ds.get("RescaleIntercept", 0) or 0)
    shared = ds.get("SharedFunctionalGroupsSequence")
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    result = []
    for frame in range(frames):
        s, i = slope, intercept
        groups = ([shared[0]] if shared else []) + ([per_frame[frame]] if per_frame and len(per_frame) == frames else [])
        for group in groups:
            transformation = group.get("PixelValueTransformationSequence")
            if transformation:
                s = float(transformation[0].get("RescaleSlope", s) or s)
                i = float(transformation[0].get("RescaleIntercept", i) or i)
        result.append((1.0 if s == 0 else s, i))
    return result


def monochrome(ds, pixels, frames):
    bits, signed = int(ds.BitsStored), int(ds.PixelRepresentation)
    low = -(2.0 ** (bits - 1)) if signed else 0.0
    high = 2.0 ** (bits - 1) - 1 if signed else 2.0 ** bits - 1
    values = pixels.astype(np.float64)
    for frame, (slope, intercept) in enumerate(rescale_per_frame(ds, frames)):
        values[frame] = values[frame] * slope + intercept
        if ds.PhotometricInterpretation == "MONOCHROME1":
            a, b = sorted((low * slope + intercept, high * slope + intercept))
            values[frame] = a + b - values[frame]
    return values


def palette(ds, pixels):
    lut_bits = int(ds.RedPaletteColorLookupTableDescriptor[2])
    depth = min(lut_bits, max(int(ds.BitsStored), 8))
    return np.floor(apply_color_lut(pixels, ds).astype(np.float64) / 2.0 ** (lut_bits - depth))


def decode(path):
    ds = read(path)
    photometric = ds.PhotometricInterpretation
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    pixels = ds.pixel_array
    if frames == 1:
        pixels = pixels[np.newaxis]
    components = int(ds.SamplesPerPixel)
    if photometric == "PALETTE COLOR":
        values, components = palette(ds, pixels), 3
    elif components == 3:
        # The JPEG handler may return YCbCr as stored: convert what is still YBR.
        if ds.PhotometricInterpretation in ("YBR_FULL", "YBR_FULL_422"):
            pixels = convert_color_space(pixels, ds.PhotometricInterpretation, "RGB")
        values = pixels.astype(np.float64)
    else:
        values = monochrome(ds, pixels, frames)
    return {"rows": int(ds.Rows), "columns": int(ds.Columns), "frames": frames, "components": components,
            "min": float(values.min()), "max": float(values.max())}


def main():
    warnings.simplefilter("ignore")
    root = sys.argv[1]
    for relative in sys.stdin.read().splitlines():
        if not relative:
            continue
        try:
            result = decode(os.path.join(root, relative))
        except Exception as error:  # reported per file; the test fails that file
            result = {"error": f"{type(error).__name__}: {error}"}
        result["path"] = relative
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
