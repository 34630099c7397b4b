#include "detail/StackLayout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace delineate::dicom::detail {

namespace {

using image::cross;
using image::dot;
using image::minus;
using image::norm;
using image::scaled;
using image::Vec3;

std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

Error geometryError(const StackHints& hints, std::string detail)
{
    return makeError(ErrorCode::InvalidGeometry, hints.path, std::move(detail));
}

// Unit row, column and normal vectors from ImageOrientationPatient.
Result<std::array<Vec3, 3>> axesFrom(const std::array<double, 6>& o, const StackHints& hints)
{
    Vec3 row{o[0], o[1], o[2]};
    Vec3 column{o[3], o[4], o[5]};
    if (std::abs(norm(row) - 1.0) > 0.01 || std::abs(norm(column) - 1.0) > 0.01 ||
        std::abs(dot(row, column)) > 0.01)
        return geometryError(hints, "ImageOrientationPatient is not two orthogonal unit vectors");
    row = scaled(row, 1.0 / norm(row));
    column = minus(column, scaled(row, dot(row, column)));
    column = scaled(column, 1.0 / norm(column));
    return std::array<Vec3, 3>{row, column, cross(row, column)};
}

// The pixel spacing shared by all frames (nullopt when no frame has one).
Result<std::optional<std::array<double, 2>>> commonPixelSpacing(const std::vector<StackFrame>& frames,
                                                                const StackHints& hints)
{
    const auto& first = frames.front().geometry->pixelSpacing;
    for (const StackFrame& frame : frames) {
        const auto& spacing = frame.geometry->pixelSpacing;
        if (spacing.has_value() != first.has_value() ||
            (spacing && (std::abs((*spacing)[0] - (*first)[0]) > 1e-3 * (*first)[0] ||
                         std::abs((*spacing)[1] - (*first)[1]) > 1e-3 * (*first)[1])))
            return geometryError(hints, "slices have different pixel spacings");
    }
    if (first && !((*first)[0] > 0 && (*first)[1] > 0 && (*first)[0] < 1e5 && (*first)[1] < 1e5))
        return geometryError(hints, "PixelSpacing " + number((*first)[0]) + "\\" + number((*first)[1]) +
                                        " is not positive");
    return first;
}

void setInPlaneSpacing(StackLayout& layout, const std::optional<std::array<double, 2>>& pixelSpacing)
{
    if (pixelSpacing) {
        layout.geometry.spacing[0] = (*pixelSpacing)[1]; // column spacing: distance between columns (x)
        layout.geometry.spacing[1] = (*pixelSpacing)[0]; // row spacing: distance between rows (y)
    }
}

StackLayout layoutUnplaced(const std::vector<StackFrame>& frames, const StackHints& hints,
                           const std::optional<std::array<double, 2>>& pixelSpacing)
{
    StackLayout layout;
    layout.order.resize(frames.size());
    std::iota(layout.order.begin(), layout.order.end(), std::size_t(0));
    setInPlaneSpacing(layout, pixelSpacing);
    if (!pixelSpacing) {
        layout.geometry.physicalSpacing = false;
        layout.notes.emplace_back("no physical pixel spacing: measurements are in pixels");
    }
    if (frames.size() > 1 && hints.singleFile) {
        layout.frameKind = image::FrameKind::Temporal;
    } else if (frames.size() > 1) {
        layout.notes.emplace_back("slices without ImagePositionPatient: stacked in instance order, slice "
                                  "spacing unknown (1 assumed)");
    }
    return layout;
}

struct Gaps {
    double mean = 0;                     // mean distance between neighbouring grid slices
    std::vector<std::int64_t> gridSlice; // grid slice of each sorted slice, when slices are missing
};

// Sorted distances along the normal must be regular. A gap of a whole number of spacings is missing
// slices: each slice gets its place on the regular grid (at most as many missing as present).
Result<Gaps> checkGaps(const std::vector<double>& distances, const StackHints& hints)
{
    std::vector<double> gaps;
    for (std::size_t k = 1; k < distances.size(); ++k)
        gaps.push_back(distances[k] - distances[k - 1]);
    std::vector<double> sorted = gaps;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const double median = sorted[sorted.size() / 2];
    for (std::size_t k = 0; k < gaps.size(); ++k) {
        if (gaps[k] < std::max(kAbsoluteGapToleranceMm, 0.1 * median))
            return geometryError(hints, "two slices at (nearly) the same position (" + number(distances[k]) +
                                            " mm along the normal): several echoes, phases or stacks in one "
                                            "series?");
    }
    const double tolerance = std::max(kRelativeGapTolerance * median, kAbsoluteGapToleranceMm);
    Gaps result;
    std::vector<std::int64_t> grid{0};
    for (std::size_t k = 0; k < gaps.size(); ++k) {
        if (std::abs(gaps[k] - median) <= tolerance) {
            grid.push_back(grid.back() + 1);
            continue;
        }
        const double multiple = std::round(gaps[k] / median);
        if (!(multiple >= 2 && std::abs(gaps[k] - multiple * median) <= tolerance * multiple)) {
            const auto [lo, hi] = std::minmax_element(gaps.begin(), gaps.end());
            return geometryError(hints, "irregular slice spacing: gaps from " + number(*lo) + " to " +
                                            number(*hi) + " mm");
        }
        grid.push_back(grid.back() + std::int64_t(multiple));
    }
    const std::int64_t missing = grid.back() + 1 - std::int64_t(distances.size());
    if (missing > std::int64_t(distances.size()))
        return geometryError(hints, "missing slices: " + std::to_string(missing) + " of " +
                                        std::to_string(grid.back() + 1) + " slices of " + number(median) +
                                        " mm are missing");
    if (missing > 0)
        result.gridSlice = std::move(grid);
    result.mean =
        (distances.back() - distances.front()) / double(distances.size() - 1 + std::size_t(missing));
    return result;
}

// How far the slice positions drift within the slice plane over the stack, in degrees off the normal.
double tiltDegrees(const Vec3& first, const Vec3& last, const Vec3& normal, double* across = nullptr)
{
    const Vec3 delta = minus(last, first);
    const double along = dot(delta, normal);
    const double inPlane = norm(minus(delta, scaled(normal, along)));
    if (across)
        *across = inPlane;
    return std::atan2(inPlane, std::abs(along)) * 180.0 / M_PI;
}

// A tilted stack (see the header): each sorted slice's in-plane drift from the first, in pixels, becomes its
// shift onto a grid widened to hold them all; the grid's origin moves to the widened corner.
Result<void> straightenTilt(StackLayout& layout, const std::vector<Vec3>& positions, const Vec3& row,
                            const Vec3& column, double degrees, const StackHints& hints)
{
    if (degrees > kMaxTiltDegrees)
        return geometryError(hints, "sheared stack: slice positions are " + number(degrees) +
                                        " degrees off the slice normal (more than a gantry tilt)");
    const double dx = layout.geometry.spacing[0];
    const double dy = layout.geometry.spacing[1];
    std::vector<std::array<double, 2>> drift;
    for (const Vec3& position : positions) {
        const Vec3 delta = minus(position, positions.front());
        drift.push_back({dot(delta, row) / dx, dot(delta, column) / dy});
    }
    std::array<double, 2> low{0, 0}, high{0, 0};
    for (const auto& d : drift)
        for (int a = 0; a < 2; ++a) {
            low[a] = std::min(low[a], d[a]);
            high[a] = std::max(high[a], d[a]);
        }
    // The grid starts a whole number of pixels from the first slice, whose pixels are then copied as they
    // are (as in dcm2niix); drifts within 1 % of a pixel of a whole number count as whole.
    for (int a = 0; a < 2; ++a)
        low[a] = std::floor(low[a] + 0.01);
    const std::array<std::int64_t, 2> acquired{hints.columns, hints.rows};
    std::array<std::int64_t, 2> widened{};
    for (int a = 0; a < 2; ++a) {
        widened[a] = acquired[a] + std::int64_t(std::ceil(high[a] - low[a] - 0.01));
        if (widened[a] > 2 * acquired[a])
            return geometryError(hints, "sheared stack: the slices drift by " + number(high[a] - low[a]) +
                                            " pixels within their plane, more than the image is wide");
    }
    layout.sliceShift.clear();
    for (const auto& d : drift)
        layout.sliceShift.push_back({d[0] - low[0], d[1] - low[1]});
    layout.acquiredSize = acquired;
    layout.geometry.origin = {positions.front()[0] + low[0] * dx * row[0] + low[1] * dy * column[0],
                              positions.front()[1] + low[0] * dx * row[1] + low[1] * dy * column[1],
                              positions.front()[2] + low[0] * dx * row[2] + low[1] * dy * column[2]};
    layout.notes.emplace_back("gantry tilt of " + number(degrees) +
                              " degrees: each slice moved within its plane onto an orthogonal grid of " +
                              std::to_string(widened[0]) + " x " + std::to_string(widened[1]) +
                              " (acquired " + std::to_string(acquired[0]) + " x " +
                              std::to_string(acquired[1]) +
                              "), as dcm2niix's tilt correction does; label maps are exported on that grid");
    layout.geometry.size = {widened[0], widened[1], std::int64_t(positions.size())};
    return {};
}

Result<StackLayout> layoutPlaced(const std::vector<StackFrame>& frames, const StackHints& hints,
                                 const std::optional<std::array<double, 2>>& pixelSpacing)
{
    const auto& orientation = *frames.front().geometry->orientation;
    for (const StackFrame& frame : frames)
        for (int c = 0; c < 6; ++c)
            if (std::abs((*frame.geometry->orientation)[c] - orientation[c]) > kOrientationTolerance)
                return geometryError(hints,
                                     "slices have mixed orientations (ImageOrientationPatient differs)");
    auto axes = axesFrom(orientation, hints);
    if (!axes)
        return axes.error();
    const auto [row, column, normal] = axes.value();

    StackLayout layout;
    std::vector<double> distance(frames.size());
    for (std::size_t f = 0; f < frames.size(); ++f)
        distance[f] = dot(*frames[f].geometry->position, normal);
    layout.order.resize(frames.size());
    std::iota(layout.order.begin(), layout.order.end(), std::size_t(0));
    std::stable_sort(layout.order.begin(), layout.order.end(),
                     [&](std::size_t a, std::size_t b) { return distance[a] < distance[b]; });

    const FrameGeometry& first = *frames[layout.order.front()].geometry;
    double sliceSpacing =
        first.sliceThickness > 0 ? first.sliceThickness : hints.spacingBetweenSlices.value_or(1.0);
    double tilt = 0;
    std::vector<Vec3> positions;
    for (std::size_t index : layout.order)
        positions.push_back(*frames[index].geometry->position);
    if (frames.size() > 1) {
        std::vector<double> sortedDistance;
        for (std::size_t index : layout.order)
            sortedDistance.push_back(distance[index]);
        auto gaps = checkGaps(sortedDistance, hints);
        if (!gaps)
            return gaps.error();
        double across = 0;
        tilt = tiltDegrees(positions.front(), positions.back(), normal, &across);
        if (tilt <= kTiltThresholdDegrees || across <= kAbsoluteGapToleranceMm)
            tilt = 0;
        if (tilt > 0 && !gaps->gridSlice.empty())
            return geometryError(hints, "a tilted stack with missing slices");
        // The grid takes the distance between the first two slices, as the reference converter
        // (dcm2niix) does, so label maps exported for this series land on its NIfTI exactly (along the
        // normal for a tilted stack, whose slices are farther apart than their planes; divided by the
        // spacings between them when slices are missing there). Positions stored with rounding make this
        // differ slightly from the mean gap; the note says by how much.
        const Vec3 step = minus(positions[1], positions[0]);
        sliceSpacing = tilt > 0 ? dot(step, normal) : norm(step);
        if (!gaps->gridSlice.empty())
            sliceSpacing /= double(gaps->gridSlice[1] - gaps->gridSlice[0]);
        if (std::abs(sliceSpacing - gaps->mean) > 1e-3)
            layout.notes.emplace_back("slice spacing " + number(sliceSpacing) +
                                      " mm from the first two slices (as dcm2niix); the mean gap is " +
                                      number(gaps->mean) + " mm");
        if (!gaps->gridSlice.empty()) {
            layout.gridSlice = gaps->gridSlice;
            std::string where;
            for (std::size_t k = 1; k < layout.gridSlice.size(); ++k)
                for (std::int64_t g = layout.gridSlice[k - 1] + 1; g < layout.gridSlice[k]; ++g) {
                    layout.missingSlices.push_back(g);
                    where += (where.empty() ? "" : ", ") + std::to_string(g + 1);
                }
            layout.notes.push_back(
                "missing slices (" + where + " of " + std::to_string(layout.gridSlice.back() + 1) +
                "): shown empty, filled with the lowest value; the other slices keep their "
                "places on the grid");
        }
    }
    if (!(sliceSpacing > 0))
        sliceSpacing = 1.0;
    layout.geometry.origin = *first.position;
    for (int r = 0; r < 3; ++r) {
        layout.geometry.direction[r * 3 + 0] = row[r];
        layout.geometry.direction[r * 3 + 1] = column[r];
        layout.geometry.direction[r * 3 + 2] = normal[r];
    }
    setInPlaneSpacing(layout, pixelSpacing);
    if (!pixelSpacing)
        layout.notes.emplace_back("no PixelSpacing: in-plane spacing of 1 mm assumed");
    layout.geometry.spacing[2] = sliceSpacing;
    if (tilt > 0)
        if (auto straightened = straightenTilt(layout, positions, row, column, tilt, hints); !straightened)
            return straightened.error();
    return layout;
}

} // namespace

Result<StackLayout> layoutStack(const std::vector<StackFrame>& frames, const StackHints& hints)
{
    if (frames.empty())
        return makeError(ErrorCode::InvalidArgument, hints.path, "no frames to assemble");
    auto pixelSpacing = commonPixelSpacing(frames, hints);
    if (!pixelSpacing)
        return pixelSpacing.error();
    const auto placed = std::count_if(frames.begin(), frames.end(), [](const StackFrame& f) {
        return f.geometry->position.has_value() && f.geometry->orientation.has_value();
    });
    if (placed != 0 && std::size_t(placed) != frames.size())
        return geometryError(hints, std::to_string(frames.size() - std::size_t(placed)) + " of " +
                                        std::to_string(frames.size()) +
                                        " slices lack ImagePositionPatient or ImageOrientationPatient");
    Result<StackLayout> layout = placed == 0
                                     ? Result<StackLayout>(layoutUnplaced(frames, hints, *pixelSpacing))
                                     : layoutPlaced(frames, hints, *pixelSpacing);
    if (layout && layout->sliceShift.empty())
        layout->geometry.size = {hints.columns, hints.rows,
                                 layout->gridSlice.empty() ? std::int64_t(frames.size())
                                                           : layout->gridSlice.back() + 1};
    return layout;
}

} // namespace delineate::dicom::detail
