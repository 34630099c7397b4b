#pragma once
// Intensity helpers: display windows and the 8-bit conversion a SAM model needs.

#include "image/Slice.h"
#include "image/Volume.h"

#include <cstdint>
#include <string>
#include <vector>

namespace delineate::image {

struct Window {
    double center = 0.0;
    double width = 1.0;
    [[nodiscard]] double lower() const { return center - width / 2.0; }
    [[nodiscard]] double upper() const { return center + width / 2.0; }
    static Window fromRange(double lower, double upper) { return {(lower + upper) / 2.0, upper - lower}; }
};

// CT presets in Hounsfield units.
enum class CtPreset { Brain, Bone, Lung, SoftTissue };
[[nodiscard]] Window ctWindow(CtPreset preset);
[[nodiscard]] const char* ctPresetId(CtPreset preset); // untranslated id: "brain", "bone", ...

// Window between two percentiles of the voxel values (MR, US, X-ray, anything without calibrated units).
// Percentiles in [0, 100]. Uses a histogram over (a sample of) the voxels, channel 0 for RGB.
[[nodiscard]] Window percentileWindow(const Volume& volume, double lowPercentile = 0.5,
                                      double highPercentile = 99.5);
// The window a viewer should start with: CT → soft tissue; RGB 8-bit → 0..255; otherwise percentiles.
[[nodiscard]] Window defaultWindow(const Volume& volume);

// The window that turns a slice into SAM's 8-bit input, the same for inference and retraining:
// 8-bit sources (photographs, PNG/JPEG, 8-bit DICOM) pass unchanged (0..255); anything else is scaled
// from the slice's own minimum..maximum to 0..255 (the paper's per-slice scaling).
[[nodiscard]] Window samInputWindow(const Volume& volume, const Image2D<float>& slice);

// Maps `slice` through `window` to 0..255 and returns three interleaved channels (RGB, H×W×3), the
// input SAM expects. RGB slices are windowed channel by channel.
[[nodiscard]] std::vector<std::uint8_t> toRgb8(const Image2D<float>& slice, const Window& window);
// Same, one channel (H×W).
[[nodiscard]] std::vector<std::uint8_t> toGray8(const Image2D<float>& slice, const Window& window);

} // namespace delineate::image
