#include "dicomseg/SegmentationSource.h"

#include "dicom/DicomScanner.h"

#include <algorithm>
#include <cmath>

namespace delineate::dicomseg {

namespace {

constexpr double kCosineTolerance = 1e-3;
constexpr double kGapTolerance = 0.45; // of the slice spacing: positions rounded in the files drift
// A stack is tilt-corrected when its last image's position lies off the first one's normal by more than
// 0.2 degrees and 0.05 mm: the loader's rule (dicom detail/StackLayout.h, kTiltThresholdDegrees and
// kAbsoluteGapToleranceMm). Below it the loader keeps the images' pixels unmoved, and so do the SEG frames.
constexpr double kTiltThresholdDegrees = 0.2;
constexpr double kAcrossToleranceMm = 0.05;

bool tilted(const image::Geometry& grid, const image::Vec3& first, const image::Vec3& last)
{
    const image::Vec3 step = image::minus(last, first);
    const double along = std::abs(image::dot(step, grid.axis(2)));
    const double across = std::hypot(image::dot(step, grid.axis(0)), image::dot(step, grid.axis(1)));
    return across > kAcrossToleranceMm && std::atan2(across, along) * 180.0 / M_PI > kTiltThresholdDegrees;
}

bool sameDirection(const image::Vec3& a, const image::Vec3& b)
{
    return std::abs(a[0] - b[0]) < kCosineTolerance && std::abs(a[1] - b[1]) < kCosineTolerance &&
           std::abs(a[2] - b[2]) < kCosineTolerance;
}

std::string frameName(const dicom::SourceFrame& frame)
{
    return frame.frameNumber > 0 ? frame.path + " (frame " + std::to_string(frame.frameNumber) + ")"
                                 : frame.path;
}

// Where a frame lies: t = distance of its plane from the grid origin along the normal, in slice spacings.
Result<double> planeOf(const image::Geometry& grid, const dicom::SourceFrame& frame)
{
    if (!frame.position || !frame.rowCosine || !frame.columnCosine)
        return makeError(ErrorCode::InvalidGeometry, frameName(frame),
                         "the image has no ImagePositionPatient / ImageOrientationPatient");
    if (!sameDirection(*frame.rowCosine, grid.axis(0)) || !sameDirection(*frame.columnCosine, grid.axis(1)))
        return makeError(ErrorCode::InvalidGeometry, frameName(frame),
                         "the image's orientation differs from the study's grid");
    const image::Vec3 offset = image::minus(*frame.position, grid.origin);
    return image::dot(offset, grid.axis(2)) / grid.spacing[2];
}

} // namespace

// Slices are assigned as the loader assigns them (dicom/SeriesLoader.h): sorted along the normal, the first
// image on slice 0, each next one a whole number of spacings further (gaps = missing slices). Positions
// rounded in the files make the grid's regular planes drift from the images' planes by a fraction of a
// spacing; planeOffset keeps each image's own plane.
Result<SegmentationSource> matchSourceImages(const image::Geometry& grid, dicom::SourceImages images)
{
    SegmentationSource source;
    source.grid = grid;
    const auto slices = static_cast<std::size_t>(grid.size[2]);
    source.sliceFrame.assign(slices, std::nullopt);
    source.planeOffset.resize(slices);
    for (std::size_t k = 0; k < slices; ++k)
        source.planeOffset[k] = double(k) * grid.spacing[2];
    std::vector<std::pair<double, std::size_t>> sorted;
    for (std::size_t f = 0; f < images.frames.size(); ++f) {
        auto t = planeOf(grid, images.frames[f]);
        if (!t.ok())
            return t.error();
        sorted.emplace_back(*t, f);
    }
    std::sort(sorted.begin(), sorted.end());
    if (sorted.size() > 1)
        source.inPlaneShifted = tilted(grid, *images.frames[sorted.front().second].position,
                                       *images.frames[sorted.back().second].position);
    std::int64_t k = 0;
    for (std::size_t n = 0; n < sorted.size(); ++n) {
        const auto [t, f] = sorted[n];
        const double step = n == 0 ? t : t - sorted[n - 1].first;
        const double whole = std::round(step);
        if (std::abs(step - whole) > kGapTolerance || (n > 0 && whole < 1))
            return makeError(ErrorCode::InvalidGeometry, frameName(images.frames[f]),
                             "the image lies at slice position " + std::to_string(t) +
                                 ", not on a slice of the grid");
        k = n == 0 ? std::int64_t(whole) : k + std::int64_t(whole);
        if (k < 0 || k >= grid.size[2])
            return makeError(ErrorCode::InvalidGeometry, frameName(images.frames[f]),
                             "the image lies outside the grid (slice position " + std::to_string(t) + ")");
        source.sliceFrame[std::size_t(k)] = f;
        source.planeOffset[std::size_t(k)] = t * grid.spacing[2];
    }
    source.images = std::move(images);
    return source;
}

std::optional<std::int64_t> SegmentationSource::sliceAt(double offset) const
{
    std::optional<std::int64_t> best;
    double bestDistance = 0.25 * grid.spacing[2];
    for (std::size_t k = 0; k < planeOffset.size(); ++k) {
        const double distance = std::abs(planeOffset[k] - offset);
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = std::int64_t(k);
        }
    }
    return best;
}

image::Vec3 SegmentationSource::framePosition(std::int64_t k) const
{
    const auto& frame = sliceFrame[std::size_t(k)];
    if (!inPlaneShifted && frame && images.frames[*frame].position)
        return *images.frames[*frame].position;
    const image::Vec3 gridPosition = grid.indexToPhysical({0.0, 0.0, double(k)});
    const double along = planeOffset[std::size_t(k)] - double(k) * grid.spacing[2];
    const image::Vec3 normal = grid.axis(2);
    return {gridPosition[0] + along * normal[0], gridPosition[1] + along * normal[1],
            gridPosition[2] + along * normal[2]};
}

Result<SegmentationSource> segmentationSourceFor(const io::Study& study)
{
    if (study.format != "dicom")
        return makeError(ErrorCode::UnsupportedFormat, study.sourcePath,
                         "a DICOM Segmentation needs a study opened from DICOM images (this one is " +
                             study.format + ")");
    if (study.volume.frameKind != image::FrameKind::Spatial)
        return makeError(ErrorCode::UnsupportedFormat, study.sourcePath,
                         "a DICOM Segmentation of a cine (frames in time) is not supported");
    auto scan = dicom::scanPath(study.sourcePath);
    if (!scan.ok())
        return scan.error();
    for (const dicom::SeriesInfo& series : scan->series) {
        if (series.seriesInstanceUid != study.seriesUid || series.stackIndex != study.stack)
            continue;
        auto images = dicom::readSourceImages(series);
        if (!images.ok())
            return images.error();
        auto source = matchSourceImages(study.volume.geometry(), std::move(images).value());
        if (source.ok())
            source->seriesDescription = series.seriesDescription;
        return source;
    }
    return makeError(ErrorCode::FileNotFound, study.sourcePath,
                     "series " + study.seriesUid + " is no longer there");
}

} // namespace delineate::dicomseg
