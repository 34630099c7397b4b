#pragma once
// Stored monochrome values → float32: value × RescaleSlope + RescaleIntercept of the frame, and MONOCHROME1
// inverted within the rescaled range of the stored bits (so that bright means dense, like MONOCHROME2).

#include "detail/ImageHeader.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace delineate::dicom::detail {

// Rescaled range of the values BitsStored / PixelRepresentation allow.
inline std::pair<double, double> rescaledRange(const ImageHeader& h, const FrameGeometry& g)
{
    const int bits = h.bitsStored;
    const double lo = h.pixelRepresentation ? -std::ldexp(1.0, bits - 1) : 0.0;
    const double hi = h.pixelRepresentation ? std::ldexp(1.0, bits - 1) - 1.0 : std::ldexp(1.0, bits) - 1.0;
    const double a = lo * g.rescaleSlope + g.rescaleIntercept;
    const double b = hi * g.rescaleSlope + g.rescaleIntercept;
    return {std::min(a, b), std::max(a, b)};
}

// One frame of rows × columns stored values into `out`.
template <typename T>
void convertMonochromeFrame(const T* frame, const ImageHeader& h, const FrameGeometry& g, float* out)
{
    const std::int64_t count = h.pixelsPerFrame();
    const bool invert = h.photometric == "MONOCHROME1";
    const auto [lo, hi] = rescaledRange(h, g);
    for (std::int64_t p = 0; p < count; ++p) {
        const double value = double(frame[p]) * g.rescaleSlope + g.rescaleIntercept;
        out[p] = static_cast<float>(invert ? lo + hi - value : value);
    }
}

} // namespace delineate::dicom::detail
