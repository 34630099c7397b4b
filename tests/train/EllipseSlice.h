#pragma once
// The synthetic training slice the trainer tests learn from (tst_trainer, tst_mixed_precision).

#include "train/TrainingSlice.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>

namespace delineate::test {

// Slice i: an ellipse whose centre and radii vary with i; grey = 60 + gradient, ellipse + 120, Gaussian noise
// (sigma 6) seeded with 100 + i; size x size grey as RGB, the ellipse as the mask.
inline train::TrainingSlice ellipseSlice(int i, int size = 96)
{
    train::TrainingSlice slice;
    slice.width = slice.height = size;
    slice.rgb.resize(static_cast<std::size_t>(size) * size * 3);
    slice.mask.resize(static_cast<std::size_t>(size) * size);
    std::mt19937 noise(static_cast<unsigned>(100 + i));
    std::normal_distribution<double> gaussian(0.0, 6.0);
    const double cx = size * (0.4 + 0.05 * i), cy = size * (0.5 - 0.03 * i);
    const double rx = size * (0.18 + 0.02 * i), ry = size * (0.25 - 0.015 * i);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double dx = (x - cx) / rx, dy = (y - cy) / ry;
            const bool inside = dx * dx + dy * dy <= 1.0;
            const double value = 60.0 + 40.0 * x / size + (inside ? 120.0 : 0.0) + gaussian(noise);
            const auto v = static_cast<std::uint8_t>(std::clamp(value, 0.0, 255.0));
            const std::size_t p = static_cast<std::size_t>(y) * size + static_cast<std::size_t>(x);
            slice.rgb[p * 3] = slice.rgb[p * 3 + 1] = slice.rgb[p * 3 + 2] = v;
            slice.mask[p] = inside ? 1 : 0;
        }
    slice.description = "synthetic " + std::to_string(i);
    return slice;
}

} // namespace delineate::test
