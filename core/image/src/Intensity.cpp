#include "image/Intensity.h"

#include <algorithm>
#include <cmath>

namespace delineate::image {

Window ctWindow(CtPreset preset)
{
    switch (preset) {
    case CtPreset::Brain:
        return {40.0, 80.0};
    case CtPreset::Bone:
        return {400.0, 1800.0};
    case CtPreset::Lung:
        return {-600.0, 1500.0};
    case CtPreset::SoftTissue:
        return {50.0, 400.0};
    }
    return {40.0, 400.0};
}

const char* ctPresetId(CtPreset preset)
{
    switch (preset) {
    case CtPreset::Brain:
        return "brain";
    case CtPreset::Bone:
        return "bone";
    case CtPreset::Lung:
        return "lung";
    case CtPreset::SoftTissue:
        return "soft-tissue";
    }
    return "unknown";
}

Window percentileWindow(const Volume& volume, double lowPercentile, double highPercentile)
{
    const std::size_t voxels = volume.elementCount() / std::max(1, volume.components());
    if (voxels == 0)
        return {0.0, 1.0};
    // Exact percentiles of a regular sample of at most ~1 M voxels (channel 0): robust to outliers such as
    // metal in CT or a single hot pixel, and fast enough for interactive use.
    const std::size_t stride = std::max<std::size_t>(1, voxels / (std::size_t(1) << 20));
    std::vector<float> sample;
    sample.reserve(voxels / stride + 1);
    for (std::size_t v = 0; v < voxels; v += stride)
        sample.push_back(volume.data()[v * volume.components()]);
    auto valueAt = [&](double percentile) {
        const double position = std::clamp(percentile, 0.0, 100.0) / 100.0 * double(sample.size() - 1);
        auto nth = sample.begin() + static_cast<std::ptrdiff_t>(std::llround(position));
        std::nth_element(sample.begin(), nth, sample.end());
        return double(*nth);
    };
    double lower = valueAt(lowPercentile);
    double upper = valueAt(highPercentile);
    if (!(upper > lower)) {
        const auto [minimum, maximum] = volume.range();
        lower = minimum;
        upper = maximum > minimum ? double(maximum) : double(minimum) + 1.0;
    }
    return Window::fromRange(lower, upper);
}

Window defaultWindow(const Volume& volume)
{
    if (volume.modality == "CT")
        return ctWindow(CtPreset::SoftTissue);
    if (volume.isRgb() && volume.sourceType == ComponentType::UInt8)
        return Window::fromRange(0.0, 255.0);
    return percentileWindow(volume);
}

Window samInputWindow(const Volume& volume, const Image2D<float>& slice)
{
    if (volume.sourceType == ComponentType::UInt8 || slice.pixels.empty())
        return Window::fromRange(0.0, 255.0);
    const auto [lo, hi] = std::minmax_element(slice.pixels.begin(), slice.pixels.end());
    const double lower = *lo;
    const double upper = *hi > *lo ? double(*hi) : lower + 1.0;
    return Window::fromRange(lower, upper);
}

namespace {

std::uint8_t map8(float value, double lower, double scale)
{
    const double v = (double(value) - lower) * scale;
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

} // namespace

std::vector<std::uint8_t> toRgb8(const Image2D<float>& slice, const Window& window)
{
    const std::size_t pixels = static_cast<std::size_t>(slice.width) * slice.height;
    std::vector<std::uint8_t> out(pixels * 3);
    const double scale = 255.0 / std::max(window.width, 1e-9);
    const double lower = window.lower();
    for (std::size_t p = 0; p < pixels; ++p) {
        for (int c = 0; c < 3; ++c) {
            const int source = slice.components == 3 ? c : 0;
            out[p * 3 + c] = map8(slice.pixels[p * slice.components + source], lower, scale);
        }
    }
    return out;
}

std::vector<std::uint8_t> toGray8(const Image2D<float>& slice, const Window& window)
{
    const std::size_t pixels = static_cast<std::size_t>(slice.width) * slice.height;
    std::vector<std::uint8_t> out(pixels);
    const double scale = 255.0 / std::max(window.width, 1e-9);
    const double lower = window.lower();
    for (std::size_t p = 0; p < pixels; ++p)
        out[p] = map8(slice.pixels[p * slice.components], lower, scale);
    return out;
}

} // namespace delineate::image
