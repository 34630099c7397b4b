#pragma once
// A read-only view of a binary mask on a voxel grid (non-zero = inside), i fastest, then j, then k.
// A 2D slice is a grid with size[2] == 1. Spacing in mm (or pixels when the image has none).

#include <array>
#include <cstdint>

namespace delineate::metrics {

struct BinaryMask {
    const std::uint8_t* data = nullptr;
    std::array<std::int64_t, 3> size{0, 0, 0};
    std::array<double, 3> spacing{1.0, 1.0, 1.0};

    [[nodiscard]] std::int64_t voxelCount() const { return size[0] * size[1] * size[2]; }
};

} // namespace delineate::metrics
