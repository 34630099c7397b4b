#pragma once
// Pillow-exact image resizing for SAM preprocessing.
//
// SamPredictor (ResizeLongestSide.apply_image) and finetune-SAM (transforms.Resize) resize a
// PIL image with torchvision, which calls Pillow's Image.resize(size, BILINEAR). Pillow's 8-bit
// resampler is not a plain bilinear interpolation, so a float interpolate + round differs by
// +-1 on ~18 % of the pixels. These functions reproduce Pillow (libImaging/Resample.c and
// Geometry.c, Pillow 9.x) bit for bit:
//
// pillowResizeBilinear
//   - separable triangle filter; when downscaling, the support grows with the scale
//     (antialiasing): support = max(1, in/out), weights = tri((i + 0.5 - center) / max(1, in/out)),
//     normalised to sum 1, then converted to fixed point with 22 fraction bits (rounded half away
//     from zero);
//   - two passes: horizontal first (only the source rows the vertical pass will read), stored as
//     uint8 (sum + 2^21) >> 22 clamped to 0..255, then vertical with the same rounding;
//   - a pass is skipped when its dimension is unchanged; same size in and out is a plain copy.
// pillowResizeNearest
//   - source index = (int)(x_o) with x_o = s/2 accumulated by += s per output pixel (s = in/out),
//     which is floor((i + 0.5) * s) up to the accumulation's rounding, exactly as Pillow does.
//
// Images are interleaved H x W x C uint8 (row-major, C fastest), channels 1 or 3 (each channel
// is resampled independently, as Pillow does for "L" and "RGB"). The result has
// dstHeight x dstWidth x channels bytes. Invalid arguments (null source, a size < 1, other
// channel counts) give an empty vector.

#include <cstdint>
#include <vector>

namespace delineate::sam {

std::vector<std::uint8_t> pillowResizeBilinear(const std::uint8_t* src, int srcWidth, int srcHeight,
                                               int channels, int dstWidth, int dstHeight);

std::vector<std::uint8_t> pillowResizeNearest(const std::uint8_t* src, int srcWidth, int srcHeight,
                                              int channels, int dstWidth, int dstHeight);

} // namespace delineate::sam
