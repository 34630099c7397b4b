#include "image/Slice.h"

namespace delineate::image {
namespace {

// Voxel (i, j, k) of pixel (x, y) in slice `index` normal to `axis`.
struct VoxelOf {
    SliceAxis axis;
    std::int64_t index;
    void operator()(int x, int y, std::int64_t& i, std::int64_t& j, std::int64_t& k) const
    {
        switch (axis) {
        case SliceAxis::K:
            i = x, j = y, k = index;
            break;
        case SliceAxis::J:
            i = x, j = index, k = y;
            break;
        case SliceAxis::I:
            i = index, j = x, k = y;
            break;
        }
    }
};

bool inRange(const Geometry& geometry, SliceAxis axis, std::int64_t index)
{
    return index >= 0 && index < sliceCount(geometry, axis);
}

} // namespace

std::pair<int, int> sliceSize(const Geometry& geometry, SliceAxis axis)
{
    const auto& s = geometry.size;
    switch (axis) {
    case SliceAxis::K:
        return {int(s[0]), int(s[1])};
    case SliceAxis::J:
        return {int(s[0]), int(s[2])};
    case SliceAxis::I:
        return {int(s[1]), int(s[2])};
    }
    return {0, 0};
}

std::int64_t sliceCount(const Geometry& geometry, SliceAxis axis)
{
    return geometry.size[static_cast<int>(axis)];
}

Image2D<float> extractSlice(const Volume& volume, SliceAxis axis, std::int64_t index)
{
    Image2D<float> slice;
    if (!inRange(volume.geometry(), axis, index))
        return slice;
    const auto [width, height] = sliceSize(volume.geometry(), axis);
    slice.width = width;
    slice.height = height;
    slice.components = volume.components();
    slice.pixels.resize(static_cast<std::size_t>(width) * height * slice.components);
    const VoxelOf voxelOf{axis, index};
    const float* src = volume.data();
    float* dst = slice.pixels.data();
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::int64_t i = 0, j = 0, k = 0;
            voxelOf(x, y, i, j, k);
            const float* voxel = src + volume.offset(i, j, k);
            for (int c = 0; c < slice.components; ++c)
                *dst++ = voxel[c];
        }
    }
    return slice;
}

Image2D<LabelMap::Value> extractLabelSlice(const LabelMap& labels, SliceAxis axis, std::int64_t index)
{
    Image2D<LabelMap::Value> slice;
    if (!inRange(labels.geometry(), axis, index))
        return slice;
    const auto [width, height] = sliceSize(labels.geometry(), axis);
    slice.width = width;
    slice.height = height;
    slice.pixels.resize(static_cast<std::size_t>(width) * height);
    const VoxelOf voxelOf{axis, index};
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::int64_t i = 0, j = 0, k = 0;
            voxelOf(x, y, i, j, k);
            slice.pixels[static_cast<std::size_t>(y) * width + x] = labels.at(i, j, k);
        }
    }
    return slice;
}

Result<void> writeLabelSlice(LabelMap& labels, SliceAxis axis, std::int64_t index,
                             const Image2D<LabelMap::Value>& slice)
{
    if (!inRange(labels.geometry(), axis, index))
        return makeError(ErrorCode::InvalidArgument, "",
                         "slice index " + std::to_string(index) + " out of range");
    const auto [width, height] = sliceSize(labels.geometry(), axis);
    if (slice.width != width || slice.height != height || slice.components != 1 ||
        slice.pixels.size() != static_cast<std::size_t>(width) * height)
        return makeError(ErrorCode::SizeMismatch, "", "label slice size does not match the label map");
    const VoxelOf voxelOf{axis, index};
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::int64_t i = 0, j = 0, k = 0;
            voxelOf(x, y, i, j, k);
            labels.at(i, j, k) = slice.pixels[static_cast<std::size_t>(y) * width + x];
        }
    }
    return {};
}

} // namespace delineate::image
