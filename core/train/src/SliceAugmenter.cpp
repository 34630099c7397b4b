#include "SliceAugmenter.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace delineate::train::detail {

std::vector<std::uint8_t> SliceAugmenter::apply(const std::vector<std::uint8_t>& rgb,
                                                std::mt19937_64& random) const
{
    std::vector<std::uint8_t> out = rgb;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (unit(random) < 0.5)
        equalizeHistogram(out);
    const double brightness = 1.0 + m_strength * (2.0 * unit(random) - 1.0);
    const double contrast = 1.0 + m_strength * (2.0 * unit(random) - 1.0);
    jitter(out, brightness, contrast);
    return out;
}

void SliceAugmenter::equalizeHistogram(std::vector<std::uint8_t>& rgb)
{
    const std::size_t pixels = rgb.size() / 3;
    if (pixels == 0)
        return;
    for (std::size_t channel = 0; channel < 3; ++channel) {
        std::array<std::size_t, 256> histogram{};
        for (std::size_t i = 0; i < pixels; ++i)
            ++histogram[rgb[i * 3 + channel]];
        std::array<std::size_t, 256> cdf{};
        std::size_t running = 0;
        for (std::size_t v = 0; v < 256; ++v)
            cdf[v] = running += histogram[v];
        const std::size_t cdfMin = *std::find_if(cdf.begin(), cdf.end(), [](std::size_t c) { return c > 0; });
        if (cdfMin == pixels)
            continue; // constant channel
        std::array<std::uint8_t, 256> lookup{};
        for (std::size_t v = 0; v < 256; ++v) {
            const double scaled = cdf[v] <= cdfMin ? 0.0
                                                   : 255.0 * static_cast<double>(cdf[v] - cdfMin) /
                                                         static_cast<double>(pixels - cdfMin);
            lookup[v] = static_cast<std::uint8_t>(std::lround(scaled));
        }
        for (std::size_t i = 0; i < pixels; ++i)
            rgb[i * 3 + channel] = lookup[rgb[i * 3 + channel]];
    }
}

void SliceAugmenter::jitter(std::vector<std::uint8_t>& rgb, double brightness, double contrast)
{
    if (rgb.empty())
        return;
    double sum = 0.0;
    for (std::uint8_t v : rgb)
        sum += v;
    const double mean = sum / static_cast<double>(rgb.size());
    for (std::uint8_t& v : rgb) {
        const double value = (v - mean) * contrast + mean * brightness;
        v = static_cast<std::uint8_t>(std::clamp(std::lround(value), 0L, 255L));
    }
}

} // namespace delineate::train::detail
