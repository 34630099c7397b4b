#pragma once
// Turning the frames of a series (from one or many files) into one voxel grid: sorting along the slice
// normal and refusing stacks that no regular grid can describe.
//
// Geometry convention (LPS, see image/Geometry.h): origin = ImagePositionPatient of the first sorted slice;
// direction columns = row cosine (i), column cosine (j), slice normal row × column (k); slices are sorted
// by IPP · normal ascending, so k increases along the normal. Spacing: i = PixelSpacing[1] (column spacing,
// x), j = PixelSpacing[0] (row spacing, y), k = distance between the first two slices (along the normal
// when the stack is tilted).
//
// Gantry tilt (CT) and other sheared stacks: the slices are parallel planes, but their positions drift
// within the plane from one slice to the next, so no orthogonal grid holds them as acquired. Each slice
// keeps its plane and is moved within it by its drift (a translation, exact up to the sub-pixel
// interpolation), onto an orthogonal grid widened to hold every slice, as dcm2niix's tilt correction
// ("_Tilt" files) does. The annotator draws on the acquired planes; exports land on that grid.

#include "base/Result.h"
#include "detail/ImageHeader.h"
#include "image/Volume.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace delineate::dicom::detail {

// One frame of the series: which file and frame it is, and where it lies.
struct StackFrame {
    const FrameGeometry* geometry = nullptr;
    std::size_t file = 0;
    int frame = 0;
};

struct StackHints {
    int columns = 0;
    int rows = 0;
    std::optional<double> spacingBetweenSlices; // for a single slice
    bool singleFile = true;
    std::string path; // named in errors
};

struct StackLayout {
    image::Geometry geometry;
    image::FrameKind frameKind = image::FrameKind::Spatial;
    std::vector<std::size_t>
        order; // order[k] = index into the input frames of the k-th slice along the normal
    // Set when slices are missing (gaps of whole multiples of the spacing): gridSlice[k] = the grid slice
    // that order[k] fills; grid slices no frame fills are shown empty. Empty: slice k of the grid is
    // order[k].
    std::vector<std::int64_t> gridSlice;
    std::vector<std::int64_t> missingSlices; // the grid slices no frame fills, ascending
    std::vector<std::string> notes;
    // Set for a tilted stack only: the acquired images are acquiredSize[0] x acquiredSize[1]; pixel (i, j)
    // of slice k goes to (i + sliceShift[k][0], j + sliceShift[k][1]) of the (larger) grid.
    std::vector<std::array<double, 2>> sliceShift;
    std::array<std::int64_t, 2> acquiredSize{0, 0};
};

// Missing slices (a gap of a whole number of spacings, as when files of a series were lost): the grid
// keeps the regular spacing and the missing slices stay empty (at most as many missing as present).
//
// Tolerances: cosines within 1e-3; a gap may deviate from the median gap by 2 % or 0.05 mm (positions are
// often rounded to 0.1 mm in oblique stacks); slice positions may lie off the normal by 0.2° before the
// stack counts as tilted; a tilt beyond 45° is no gantry tilt and is refused.
inline constexpr double kOrientationTolerance = 1e-3;
inline constexpr double kRelativeGapTolerance = 0.02;
inline constexpr double kAbsoluteGapToleranceMm = 0.05;
inline constexpr double kTiltThresholdDegrees = 0.2;
inline constexpr double kMaxTiltDegrees = 45.0;

[[nodiscard]] Result<StackLayout> layoutStack(const std::vector<StackFrame>& frames, const StackHints& hints);

} // namespace delineate::dicom::detail
