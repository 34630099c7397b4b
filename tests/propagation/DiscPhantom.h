#pragma once
// The disc phantom of the propagation tests: a disc that moves, grows and shrinks from slice to slice.
//   slices 4..24 hold it (t = slice - 4, 0..20): centre (20 + t, 20 + t / 4), radius 2 + min(t, 20 - t) / 2
//   (integer division), so the radius grows 2 -> 7 (slice 14) and shrinks back to 2; no disc elsewhere.
//   Pixel (x, y) is inside when (x - cx)^2 + (y - cy)^2 <= r^2, on a 48 x 48 slice.
// Pixel counts of such discs are the lattice points of a disc of integer radius r (Gauss's circle
// problem, OEIS A000328): 1, 5, 13, 29, 49, 81, 113, 149 for r = 0..7.

#include "image/LabelMap.h"
#include "image/Slice.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace delineate::test {

struct Disc {
    int cx = 0;
    int cy = 0;
    int r = 0;
    [[nodiscard]] bool contains(double x, double y) const
    {
        return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
    }
};

inline constexpr int kPhantomSize = 48;
inline constexpr std::int64_t kFirstDiscSlice = 4;
inline constexpr std::int64_t kLastDiscSlice = 24;
inline constexpr int kLatticePoints[] = {1, 5, 13, 29, 49, 81, 113, 149};

inline std::optional<Disc> phantomDisc(std::int64_t slice)
{
    if (slice < kFirstDiscSlice || slice > kLastDiscSlice)
        return std::nullopt;
    const int t = static_cast<int>(slice - kFirstDiscSlice);
    return Disc{20 + t, 20 + t / 4, 2 + std::min(t, 20 - t) / 2};
}

// The disc of `slice` as a 48 x 48 binary mask (row-major); all zero where the phantom has none.
inline std::vector<std::uint8_t> discMask(std::int64_t slice)
{
    std::vector<std::uint8_t> mask(kPhantomSize * kPhantomSize, 0);
    if (const auto d = phantomDisc(slice))
        for (int y = 0; y < kPhantomSize; ++y)
            for (int x = 0; x < kPhantomSize; ++x)
                mask[static_cast<std::size_t>(y) * kPhantomSize + x] = d->contains(x, y) ? 1 : 0;
    return mask;
}

// An empty 48^3 label map (1 mm voxels).
inline image::LabelMap emptyPhantomLabels()
{
    image::Geometry g;
    g.size = {kPhantomSize, kPhantomSize, kPhantomSize};
    g.spacing = {1.0, 1.0, 1.0};
    return image::LabelMap::create(g).value();
}

// Writes the phantom's disc of `slice` as `value` into `labels` (slice normal to `axis`).
inline void writeDisc(image::LabelMap& labels, image::SliceAxis axis, std::int64_t slice,
                      image::LabelMap::Value value)
{
    auto plane = image::extractLabelSlice(labels, axis, slice);
    const std::vector<std::uint8_t> mask = discMask(slice);
    for (std::size_t p = 0; p < mask.size(); ++p)
        if (mask[p])
            plane.pixels[p] = value;
    (void)image::writeLabelSlice(labels, axis, slice, plane);
}

// The voxel of slice pixel (x, y) of slice `slice` normal to `axis`, written out as image/Slice.h
// documents it (independently of extractLabelSlice).
inline image::LabelMap::Value voxelAt(const image::LabelMap& labels, image::SliceAxis axis,
                                      std::int64_t slice, int x, int y)
{
    switch (axis) {
    case image::SliceAxis::K:
        return labels.at(x, y, slice);
    case image::SliceAxis::J:
        return labels.at(x, slice, y);
    case image::SliceAxis::I:
        return labels.at(slice, x, y);
    }
    return 0;
}

} // namespace delineate::test
