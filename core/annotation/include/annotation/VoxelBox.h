#pragma once
// A half-open box of voxel indices [begin, end) in (i, j, k).

#include <algorithm>
#include <array>
#include <cstdint>

namespace delineate::annotation {

struct VoxelBox {
    std::array<std::int64_t, 3> begin{0, 0, 0};
    std::array<std::int64_t, 3> end{0, 0, 0};

    [[nodiscard]] bool empty() const
    {
        return end[0] <= begin[0] || end[1] <= begin[1] || end[2] <= begin[2];
    }
    [[nodiscard]] std::int64_t voxelCount() const
    {
        return empty() ? 0 : (end[0] - begin[0]) * (end[1] - begin[1]) * (end[2] - begin[2]);
    }
    // Smallest box holding both (an empty box is the identity).
    [[nodiscard]] VoxelBox united(const VoxelBox& other) const
    {
        if (empty())
            return other;
        if (other.empty())
            return *this;
        VoxelBox box;
        for (int a = 0; a < 3; ++a) {
            box.begin[a] = std::min(begin[a], other.begin[a]);
            box.end[a] = std::max(end[a], other.end[a]);
        }
        return box;
    }
    [[nodiscard]] VoxelBox clippedTo(const std::array<std::int64_t, 3>& size) const
    {
        VoxelBox box;
        for (int a = 0; a < 3; ++a) {
            box.begin[a] = std::clamp<std::int64_t>(begin[a], 0, size[a]);
            box.end[a] = std::clamp<std::int64_t>(end[a], box.begin[a], size[a]);
        }
        return box;
    }
    static VoxelBox whole(const std::array<std::int64_t, 3>& size) { return {{0, 0, 0}, size}; }
    bool operator==(const VoxelBox&) const = default;
};

} // namespace delineate::annotation
