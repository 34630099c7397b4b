#pragma once
// 2D slices cut from a Volume or LabelMap along one of the three index axes, and written back.
//
// A slice normal to index axis `normal` keeps the other two axes in index order:
//   normal K (2): width = columns (i), height = rows (j)     pixel (x, y) = voxel (x, y, index)
//   normal J (1): width = columns (i), height = slices (k)   pixel (x, y) = voxel (x, index, y)
//   normal I (0): width = rows (j),    height = slices (k)   pixel (x, y) = voxel (index, x, y)
// No flips: display orientation (e.g. superior up) is the viewer's business, so the mapping stays
// trivially invertible for SAM prompts and label writes.

#include "image/LabelMap.h"
#include "image/Volume.h"

#include <cstdint>
#include <vector>

namespace delineate::image {

enum class SliceAxis { I = 0, J = 1, K = 2 };

template <typename T> struct Image2D {
    int width = 0;
    int height = 0;
    int components = 1;
    std::vector<T> pixels; // row-major, components interleaved

    [[nodiscard]] T at(int x, int y, int c = 0) const
    {
        return pixels[(static_cast<std::size_t>(y) * width + x) * components + c];
    }
    T& at(int x, int y, int c = 0)
    {
        return pixels[(static_cast<std::size_t>(y) * width + x) * components + c];
    }
};

// Width and height of a slice normal to `axis` for a grid of size `size`.
[[nodiscard]] std::pair<int, int> sliceSize(const Geometry& geometry, SliceAxis axis);
[[nodiscard]] std::int64_t sliceCount(const Geometry& geometry, SliceAxis axis);

// Index must be in [0, sliceCount). Out-of-range indices give an empty image.
[[nodiscard]] Image2D<float> extractSlice(const Volume& volume, SliceAxis axis, std::int64_t index);
[[nodiscard]] Image2D<LabelMap::Value> extractLabelSlice(const LabelMap& labels, SliceAxis axis,
                                                         std::int64_t index);
// Writes `slice` (one component, sized as sliceSize) back into the label map.
Result<void> writeLabelSlice(LabelMap& labels, SliceAxis axis, std::int64_t index,
                             const Image2D<LabelMap::Value>& slice);

} // namespace delineate::image
