// importSegmentation (SegmentationReader.h): a read SEG onto the grid of its source series.

#include "dicomseg/SegmentationReader.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace delineate::dicomseg {

namespace {

constexpr double kCosineTolerance = 1e-3;
constexpr double kSpacingTolerance = 1e-3; // relative
constexpr double kInPlaneTolerance = 0.01; // pixels

bool near(const image::Vec3& a, const image::Vec3& b)
{
    return std::abs(a[0] - b[0]) < kCosineTolerance && std::abs(a[1] - b[1]) < kCosineTolerance &&
           std::abs(a[2] - b[2]) < kCosineTolerance;
}

bool nearSpacing(double a, double b)
{
    return std::abs(a - b) <= kSpacingTolerance * std::max(a, b);
}

Result<void> checkReferences(const Segmentation& seg, const SegmentationSource& source)
{
    const dicom::SourceImages& images = source.images;
    if (!seg.frameOfReferenceUid.empty() && !images.frameOfReferenceUid.empty() &&
        seg.frameOfReferenceUid != images.frameOfReferenceUid)
        return makeError(ErrorCode::InvalidArgument, seg.path,
                         "the segmentation's Frame of Reference " + seg.frameOfReferenceUid +
                             " is not the open series' " + images.frameOfReferenceUid);
    if (!seg.referencedSeriesUids.empty()) {
        const auto& uids = seg.referencedSeriesUids;
        if (std::find(uids.begin(), uids.end(), images.seriesInstanceUid) == uids.end())
            return makeError(
                ErrorCode::InvalidArgument, seg.path,
                "the segmentation references series " + uids.front() +
                    (uids.size() > 1 ? " (and " + std::to_string(uids.size() - 1) + " more)" : "") +
                    ", not the open series " + images.seriesInstanceUid);
        return {};
    }
    std::set<std::string> instances;
    for (const dicom::SourceFrame& frame : images.frames)
        instances.insert(frame.sopInstanceUid);
    for (const SegmentationFrame& frame : seg.frames)
        if (!frame.sourceInstanceUid.empty() && instances.count(frame.sourceInstanceUid) == 0)
            return makeError(ErrorCode::InvalidArgument, seg.path,
                             "the segmentation was derived from image " + frame.sourceInstanceUid +
                                 ", which is not in the open series " + images.seriesInstanceUid);
    return {};
}

Result<void> checkPlane(const Segmentation& seg, const image::Geometry& grid)
{
    if (!near(seg.rowCosine, grid.axis(0)) || !near(seg.columnCosine, grid.axis(1)))
        return makeError(ErrorCode::InvalidGeometry, seg.path,
                         "the segmentation's frames are oriented differently from the open series' slices");
    if (!nearSpacing(seg.columnSpacing, grid.spacing[0]) || !nearSpacing(seg.rowSpacing, grid.spacing[1]))
        return makeError(ErrorCode::InvalidGeometry, seg.path,
                         "the segmentation's pixel size " + std::to_string(seg.rowSpacing) + " x " +
                             std::to_string(seg.columnSpacing) + " mm differs from the open series' " +
                             std::to_string(grid.spacing[1]) + " x " + std::to_string(grid.spacing[0]) +
                             " mm");
    return {};
}

struct Placement {
    std::int64_t i = 0, j = 0, k = 0; // grid voxel of the frame's pixel (0, 0)
};

// The slice whose source image's plane holds the frame (SegmentationSource::sliceAt), and the frame's
// whole-pixel offset within it.
Result<Placement> placeFrame(const Segmentation& seg, const SegmentationSource& source, std::size_t index)
{
    const image::Geometry& grid = source.grid;
    const image::Vec3 offset = image::minus(seg.frames[index].position, grid.origin);
    const double along = image::dot(offset, grid.axis(2));
    const auto k = source.sliceAt(along);
    const std::string where = "frame " + std::to_string(index + 1);
    if (!k)
        return makeError(ErrorCode::InvalidGeometry, seg.path,
                         where + " lies " + std::to_string(along) +
                             " mm along the normal, in no slice of the open series");
    // Relative to where the slice's own frame lies (its source image, up to the loader's rounding), so that
    // positions rounded in the source files do not count as a sub-pixel offset.
    const image::Vec3 within = image::minus(seg.frames[index].position, source.framePosition(*k));
    const double u = image::dot(within, grid.axis(0)) / grid.spacing[0]; // the axes are orthonormal
    const double v = image::dot(within, grid.axis(1)) / grid.spacing[1];
    const Placement p{std::llround(u), std::llround(v), *k};
    if (std::abs(u - double(p.i)) > kInPlaneTolerance || std::abs(v - double(p.j)) > kInPlaneTolerance)
        return makeError(ErrorCode::InvalidGeometry, seg.path,
                         where + " lies between the open series' pixels");
    return p;
}

std::uint16_t chooseValue(const SegmentDescription& segment, const labels::LabelTable* existing,
                          const labels::LabelTable& table)
{
    if (existing)
        for (const labels::LabelEntry& entry : existing->entries())
            if (entry.name == segment.label && !table.contains(entry.value))
                return entry.value;
    const bool taken =
        table.contains(segment.number) || (existing && existing->contains(segment.number) &&
                                           existing->find(segment.number)->name != segment.label);
    if (!taken)
        return segment.number;
    for (std::uint32_t value = 1; value <= 65535; ++value)
        if (!table.contains(std::uint16_t(value)) && !(existing && existing->contains(std::uint16_t(value))))
            return std::uint16_t(value);
    return 0;
}

} // namespace

Result<ImportedLabels> importSegmentation(const Segmentation& seg, const SegmentationSource& source,
                                          const labels::LabelTable* existing)
{
    const image::Geometry& grid = source.grid;
    if (auto references = checkReferences(seg, source); !references)
        return references.error();
    if (auto plane = checkPlane(seg, grid); !plane)
        return plane.error();
    auto created = image::LabelMap::create(grid);
    if (!created.ok())
        return created.error();
    ImportedLabels result{std::move(created).value(), {}, {}};
    std::vector<std::uint16_t> valueOf(seg.segments.size() + 1, 0);
    for (const SegmentDescription& segment : seg.segments) {
        const std::uint16_t value = chooseValue(segment, existing, result.table);
        if (value == 0)
            return makeError(ErrorCode::TooLarge, seg.path, "no free label value left");
        valueOf[segment.number] = value;
        if (auto set = result.table.set({value, segment.label, segment.colour}); !set)
            return set.error();
    }
    std::int64_t overlaps = 0, outside = 0;
    for (std::size_t f = 0; f < seg.frames.size(); ++f) {
        auto place = placeFrame(seg, source, f);
        if (!place.ok())
            return place.error();
        const SegmentationFrame& frame = seg.frames[f];
        for (int r = 0; r < seg.rows; ++r)
            for (int c = 0; c < seg.columns; ++c) {
                if (!frame.pixels[std::size_t(r) * seg.columns + c])
                    continue;
                const std::int64_t i = place->i + c, j = place->j + r;
                if (i < 0 || j < 0 || i >= grid.size[0] || j >= grid.size[1]) {
                    ++outside;
                    continue;
                }
                auto& voxel = result.labels.at(i, j, place->k);
                overlaps += voxel != 0 && voxel != valueOf[frame.segment];
                voxel = valueOf[frame.segment];
            }
    }
    if (overlaps > 0)
        result.notes.push_back(std::to_string(overlaps) +
                               " voxels belong to several segments; each keeps the later segment's label");
    if (outside > 0)
        result.notes.push_back(std::to_string(outside) +
                               " segmented pixels lie outside the open series' grid");
    return result;
}

} // namespace delineate::dicomseg
