#include "image/Volume.h"

#include <algorithm>
#include <new>

namespace delineate::image {

const char* componentTypeName(ComponentType type)
{
    switch (type) {
    case ComponentType::UInt8:
        return "uint8";
    case ComponentType::Int8:
        return "int8";
    case ComponentType::UInt16:
        return "uint16";
    case ComponentType::Int16:
        return "int16";
    case ComponentType::UInt32:
        return "uint32";
    case ComponentType::Int32:
        return "int32";
    case ComponentType::Float32:
        return "float32";
    case ComponentType::Float64:
        return "float64";
    }
    return "unknown";
}

Result<Volume> Volume::create(const Geometry& geometry, int components, ComponentType sourceType)
{
    if (components != 1 && components != 3)
        return makeError(ErrorCode::InvalidArgument, "",
                         "unsupported number of components " + std::to_string(components) + " (1 or 3)");
    for (int a = 0; a < 3; ++a) {
        if (geometry.size[a] <= 0)
            return makeError(ErrorCode::InvalidGeometry, "",
                             "image size must be positive in every dimension, got " +
                                 std::to_string(geometry.size[a]));
        if (!(geometry.spacing[a] > 0) || geometry.spacing[a] > 1e6)
            return makeError(ErrorCode::InvalidGeometry, "",
                             "voxel spacing must be positive and finite, got " +
                                 std::to_string(geometry.spacing[a]));
    }
    Mat3 inverse{};
    if (!invert3(geometry.direction, inverse))
        return makeError(ErrorCode::InvalidGeometry, "", "direction cosines are degenerate");
    const std::int64_t count = geometry.voxelCount();
    if (count <= 0 || count > kMaxElements / components)
        return makeError(ErrorCode::TooLarge, "",
                         "image of " + std::to_string(geometry.size[0]) + " x " +
                             std::to_string(geometry.size[1]) + " x " + std::to_string(geometry.size[2]) +
                             " voxels is too large");
    Volume volume;
    volume.m_geometry = geometry;
    volume.m_components = components;
    volume.sourceType = sourceType;
    try {
        volume.m_data.assign(static_cast<std::size_t>(count * components), 0.0f);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, "",
                         "not enough memory for an image of " + std::to_string(count) + " voxels");
    }
    return volume;
}

std::pair<float, float> Volume::range() const
{
    if (m_data.empty())
        return {0.0f, 0.0f};
    const auto [lo, hi] = std::minmax_element(m_data.begin(), m_data.end());
    return {*lo, *hi};
}

} // namespace delineate::image
