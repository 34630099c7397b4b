#pragma once
// A label map: one unsigned 16-bit label value per voxel (0 = background), on the grid of a Volume.
// Same memory order as Volume (i fastest, then j, then k), one component.

#include "base/Result.h"
#include "image/Geometry.h"

#include <cstdint>
#include <vector>

namespace delineate::image {

class Volume;

class LabelMap {
public:
    using Value = std::uint16_t;

    LabelMap() = default;
    // An empty (all background) label map on the grid of `geometry`.
    static Result<LabelMap> create(const Geometry& geometry);
    static Result<LabelMap> createFor(const Volume& volume);

    [[nodiscard]] bool empty() const { return m_data.empty(); }
    [[nodiscard]] const Geometry& geometry() const { return m_geometry; }
    [[nodiscard]] Value* data() { return m_data.data(); }
    [[nodiscard]] const Value* data() const { return m_data.data(); }
    [[nodiscard]] std::size_t voxelCount() const { return m_data.size(); }

    [[nodiscard]] std::size_t offset(std::int64_t i, std::int64_t j, std::int64_t k) const
    {
        return static_cast<std::size_t>((k * m_geometry.size[1] + j) * m_geometry.size[0] + i);
    }
    [[nodiscard]] Value at(std::int64_t i, std::int64_t j, std::int64_t k) const
    {
        return m_data[offset(i, j, k)];
    }
    Value& at(std::int64_t i, std::int64_t j, std::int64_t k) { return m_data[offset(i, j, k)]; }

    // Number of voxels carrying `value`.
    [[nodiscard]] std::int64_t count(Value value) const;
    // Sorted distinct non-zero values present.
    [[nodiscard]] std::vector<Value> presentValues() const;

    // Checks that this label map lies on the grid of `geometry` (error names both grids).
    [[nodiscard]] Result<void> checkGrid(const Geometry& geometry) const;

private:
    Geometry m_geometry;
    std::vector<Value> m_data;
};

} // namespace delineate::image
