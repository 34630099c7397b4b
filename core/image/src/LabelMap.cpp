#include "image/LabelMap.h"

#include "image/Volume.h"

#include <algorithm>
#include <new>

namespace delineate::image {

Result<LabelMap> LabelMap::create(const Geometry& geometry)
{
    // Reuse the volume's validation of sizes and geometry.
    for (int a = 0; a < 3; ++a)
        if (geometry.size[a] <= 0)
            return makeError(ErrorCode::InvalidGeometry, "", "label map size must be positive");
    if (geometry.voxelCount() <= 0 || geometry.voxelCount() > kMaxElements)
        return makeError(ErrorCode::TooLarge, "",
                         "label map of " + std::to_string(geometry.voxelCount()) + " voxels is too large");
    LabelMap map;
    map.m_geometry = geometry;
    try {
        map.m_data.assign(static_cast<std::size_t>(geometry.voxelCount()), 0);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, "", "not enough memory for the label map");
    }
    return map;
}

Result<LabelMap> LabelMap::createFor(const Volume& volume)
{
    return create(volume.geometry());
}

std::int64_t LabelMap::count(Value value) const
{
    return std::count(m_data.begin(), m_data.end(), value);
}

std::vector<LabelMap::Value> LabelMap::presentValues() const
{
    std::vector<bool> seen(65536, false);
    for (Value v : m_data)
        seen[v] = true;
    std::vector<Value> values;
    for (std::size_t v = 1; v < seen.size(); ++v)
        if (seen[v])
            values.push_back(static_cast<Value>(v));
    return values;
}

Result<void> LabelMap::checkGrid(const Geometry& geometry) const
{
    if (m_geometry.sameGrid(geometry))
        return {};
    return makeError(ErrorCode::SizeMismatch, "",
                     "label map grid (" + m_geometry.describe() + ") does not match the study grid (" +
                         geometry.describe() + ")");
}

} // namespace delineate::image
