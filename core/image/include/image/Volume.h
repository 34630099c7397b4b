#pragma once
// A scalar or RGB image on a voxel grid: 2D (one slice), 3D, or multi-frame (cine).
//
// Memory layout: float32, components interleaved per voxel, i fastest, then j, then k:
//   offset = ((k * rows + j) * columns + i) * components + c
// Every source type (uint8 … int32, float) is held as float32: exact for all 8/16-bit data, which is what
// medical images are; `sourceType` remembers the original type so writers can restore it.

#include "base/Result.h"
#include "image/Geometry.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace delineate::image {

enum class ComponentType { UInt8, Int8, UInt16, Int16, UInt32, Int32, Float32, Float64 };

// What the third axis means: slices in space, or frames in time (ultrasound / XA cine).
enum class FrameKind { Spatial, Temporal };

[[nodiscard]] const char* componentTypeName(ComponentType type);

// Largest volume we agree to allocate (elements). Larger headers are treated as corrupt or absurd.
inline constexpr std::int64_t kMaxElements = std::int64_t(1) << 32; // 16 GiB of float32

class Volume {
public:
    Volume() = default;

    // Allocates a zero-filled volume. Fails with ErrorCode::TooLarge / InvalidArgument for absurd sizes.
    static Result<Volume> create(const Geometry& geometry, int components = 1,
                                 ComponentType sourceType = ComponentType::Float32);

    [[nodiscard]] bool empty() const { return m_data.empty(); }
    [[nodiscard]] const Geometry& geometry() const { return m_geometry; }
    Geometry& geometry() { return m_geometry; }
    [[nodiscard]] int components() const { return m_components; }
    [[nodiscard]] bool isRgb() const { return m_components == 3; }
    [[nodiscard]] std::int64_t columns() const { return m_geometry.size[0]; }
    [[nodiscard]] std::int64_t rows() const { return m_geometry.size[1]; }
    [[nodiscard]] std::int64_t slices() const { return m_geometry.size[2]; }

    [[nodiscard]] float* data() { return m_data.data(); }
    [[nodiscard]] const float* data() const { return m_data.data(); }
    [[nodiscard]] std::size_t elementCount() const { return m_data.size(); }

    [[nodiscard]] std::size_t offset(std::int64_t i, std::int64_t j, std::int64_t k, int c = 0) const
    {
        return static_cast<std::size_t>(((k * rows() + j) * columns() + i) * m_components + c);
    }
    [[nodiscard]] float at(std::int64_t i, std::int64_t j, std::int64_t k, int c = 0) const
    {
        return m_data[offset(i, j, k, c)];
    }
    float& at(std::int64_t i, std::int64_t j, std::int64_t k, int c = 0)
    {
        return m_data[offset(i, j, k, c)];
    }

    // Minimum and maximum over all components (0,0 when empty).
    [[nodiscard]] std::pair<float, float> range() const;

    ComponentType sourceType = ComponentType::Float32;
    FrameKind frameKind = FrameKind::Spatial;
    double frameTimeMs = 0.0;                // for cine
    std::string modality;                    // DICOM modality code ("CT", "MR", "US", "XA", ...) or empty
    std::string description;                 // series description / file name
    std::vector<std::string> notes;          // facts worth showing the user (e.g. "no physical spacing")
    std::vector<std::int64_t> missingSlices; // k of the slices no image filled (a series' lost files): empty
    [[nodiscard]] bool isMissingSlice(std::int64_t k) const
    {
        return std::find(missingSlices.begin(), missingSlices.end(), k) != missingSlices.end();
    }

private:
    Geometry m_geometry;
    int m_components = 1;
    std::vector<float> m_data;
};

} // namespace delineate::image
