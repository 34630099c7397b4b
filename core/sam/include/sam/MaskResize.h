#pragma once
// Bilinear resizing of float mask logits as PyTorch's CPU F.interpolate(mode="bilinear",
// align_corners=False, antialias=False) computes it, for SAM's mask postprocessing.
//
// Sam.postprocess_masks upsamples the 256x256 low-res logits to 1024x1024, crops the un-padded
// input region and resizes that to the original image size. LibTorch 1.13's CPU kernel spent
// ~7 ms of a ~50 ms click on one 256 -> 1024 plane here; this loop does the same arithmetic in
// ~1 ms and computes only the rows and columns kept by the crop.
//
// Arithmetic (as ATen/native/UpSample.h and cpu/UpSampleKernel.cpp): scale = in / out (float),
// source = max(0, scale * (o + 0.5) - 0.5), i0 = (int)source, i1 = min(i0 + 1, in - 1),
// l1 = source - i0, l0 = 1 - l1; each output = (x[h0][w0] l0w + x[h0][w1] l1w) l0h +
// (x[h1][w0] l0w + x[h1][w1] l1w) l1h. Equal to LibTorch's output up to float rounding of the
// sample positions (~1e-4 pixel; tested).

#include <cstdint>

namespace delineate::sam {

// src: `planes` planes of srcH x srcW floats (row-major, contiguous). Resizes each to outH x outW
// and writes rows [0, keepH) and columns [0, keepW) of the result to dst (planes x keepH x keepW).
// Requires 1 <= keepH <= outH, 1 <= keepW <= outW and sizes >= 1. Runs on LibTorch's intra-op threads
// (at::get_num_threads() of the calling thread); the result does not depend on their number.
void resizeBilinearCropped(const float* src, std::int64_t planes, std::int64_t srcH, std::int64_t srcW,
                           std::int64_t outH, std::int64_t outW, std::int64_t keepH, std::int64_t keepW,
                           float* dst);

} // namespace delineate::sam
