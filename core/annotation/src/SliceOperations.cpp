#include "annotation/SliceOperations.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace delineate::annotation {
namespace {

using Value = image::LabelMap::Value;

// Binary mask (255 = active label) of one slice.
cv::Mat activeMask(const image::Image2D<Value>& slice, Value label)
{
    cv::Mat mask(slice.height, slice.width, CV_8U);
    for (int y = 0; y < slice.height; ++y)
        for (int x = 0; x < slice.width; ++x)
            mask.at<std::uint8_t>(y, x) = slice.at(x, y) == label ? 255 : 0;
    return mask;
}

VoxelBox sliceBox(const image::Geometry& geometry, image::SliceAxis axis, std::int64_t slice)
{
    VoxelBox box = VoxelBox::whole(geometry.size);
    const int a = static_cast<int>(axis);
    box.begin[a] = slice;
    box.end[a] = slice + 1;
    return box.clippedTo(geometry.size);
}

// Writes `mask` into the slice through the rule: painting where the mask is set; where it is clear,
// the active label is removed (so the mask becomes the new extent of the label on this slice).
void applyMask(image::Image2D<Value>& slice, const cv::Mat& mask, const PaintRule& rule)
{
    PaintRule paint = rule;
    paint.erase = false;
    PaintRule clear = rule;
    clear.erase = true;
    for (int y = 0; y < slice.height; ++y)
        for (int x = 0; x < slice.width; ++x) {
            Value& v = slice.at(x, y);
            v = mask.at<std::uint8_t>(y, x) ? paint.apply(v) : clear.apply(v);
        }
}

// Runs `operation` on the slice's pixels as one undo step named `name`.
template <typename F>
VoxelBox editSlice(LabelEditHistory& history, const char* name, image::SliceAxis axis, std::int64_t slice,
                   F&& operation)
{
    image::LabelMap& labels = history.labels();
    if (slice < 0 || slice >= image::sliceCount(labels.geometry(), axis) || !history.begin(name))
        return {};
    auto pixels = image::extractLabelSlice(labels, axis, slice);
    operation(pixels);
    history.touch(sliceBox(labels.geometry(), axis, slice));
    if (!image::writeLabelSlice(labels, axis, slice, pixels).ok()) {
        history.cancel();
        return {};
    }
    return history.end();
}

} // namespace

VoxelBox fillPolygon(LabelEditHistory& history, image::SliceAxis axis, std::int64_t slice,
                     const std::vector<PlanePoint>& polygon, const PaintRule& rule)
{
    if (polygon.size() < 3)
        return {};
    return editSlice(history, rule.erase ? "Polygon erase" : "Polygon fill", axis, slice, [&](auto& pixels) {
        // Sub-pixel vertices: OpenCV's shift parameter keeps 8 fractional bits. Pixel centres sit on
        // integer coordinates.
        constexpr int kShift = 8;
        std::vector<cv::Point> points;
        points.reserve(polygon.size());
        for (const auto& [x, y] : polygon)
            points.emplace_back(int(std::lround(x * (1 << kShift))), int(std::lround(y * (1 << kShift))));
        cv::Mat inside = cv::Mat::zeros(pixels.height, pixels.width, CV_8U);
        cv::fillPoly(inside, std::vector<std::vector<cv::Point>>{points}, cv::Scalar(255), cv::LINE_8,
                     kShift);
        for (int y = 0; y < pixels.height; ++y)
            for (int x = 0; x < pixels.width; ++x)
                if (inside.at<std::uint8_t>(y, x)) {
                    Value& v = pixels.at(x, y);
                    v = rule.apply(v, std::int64_t(y) * pixels.width + x);
                }
    });
}

VoxelBox fillHoles(LabelEditHistory& history, image::SliceAxis axis, std::int64_t slice,
                   const PaintRule& rule)
{
    return editSlice(history, "Fill holes", axis, slice, [&](auto& pixels) {
        const cv::Mat mask = activeMask(pixels, rule.activeLabel);
        // Flood the background from a 1-pixel frame; what the flood cannot reach is a hole.
        cv::Mat framed;
        cv::copyMakeBorder(mask, framed, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(0));
        cv::floodFill(framed, cv::Point(0, 0), cv::Scalar(128));
        const cv::Mat outside = framed(cv::Rect(1, 1, mask.cols, mask.rows)) == 128;
        cv::Mat filled = ~outside;
        for (int y = 0; y < pixels.height; ++y)
            for (int x = 0; x < pixels.width; ++x)
                if (filled.at<std::uint8_t>(y, x) && !mask.at<std::uint8_t>(y, x) && pixels.at(x, y) == 0)
                    pixels.at(x, y) = rule.activeLabel;
    });
}

VoxelBox keepLargestComponent(LabelEditHistory& history, image::SliceAxis axis, std::int64_t slice,
                              const PaintRule& rule)
{
    return editSlice(history, "Keep largest component", axis, slice, [&](auto& pixels) {
        const cv::Mat mask = activeMask(pixels, rule.activeLabel);
        cv::Mat components, stats, centroids;
        const int count = cv::connectedComponentsWithStats(mask, components, stats, centroids, 8, CV_32S);
        if (count <= 2)
            return;
        int largest = 1;
        for (int c = 2; c < count; ++c)
            if (stats.at<int>(c, cv::CC_STAT_AREA) > stats.at<int>(largest, cv::CC_STAT_AREA))
                largest = c;
        for (int y = 0; y < pixels.height; ++y)
            for (int x = 0; x < pixels.width; ++x) {
                const int c = components.at<int>(y, x);
                if (c != 0 && c != largest)
                    pixels.at(x, y) = 0;
            }
    });
}

VoxelBox smooth(LabelEditHistory& history, image::SliceAxis axis, std::int64_t slice, const PaintRule& rule,
                int radiusPixels)
{
    return editSlice(history, "Smooth", axis, slice, [&](auto& pixels) {
        const int r = std::max(1, radiusPixels);
        const cv::Mat disc = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1));
        cv::Mat mask = activeMask(pixels, rule.activeLabel);
        cv::morphologyEx(mask, mask, cv::MORPH_CLOSE, disc);
        cv::morphologyEx(mask, mask, cv::MORPH_OPEN, disc);
        applyMask(pixels, mask, rule);
    });
}

namespace {

// Signed distance (pixels): positive inside the mask, negative outside.
cv::Mat signedDistance(const cv::Mat& mask)
{
    cv::Mat inside, outside;
    cv::distanceTransform(mask, inside, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    cv::distanceTransform(~mask, outside, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    return inside - outside;
}

} // namespace

VoxelBox interpolateBetween(LabelEditHistory& history, image::SliceAxis axis, std::int64_t first,
                            std::int64_t last, const PaintRule& rule)
{
    image::LabelMap& labels = history.labels();
    if (first > last)
        std::swap(first, last);
    if (last - first < 2 || first < 0 || last >= image::sliceCount(labels.geometry(), axis))
        return {};
    const cv::Mat a = activeMask(image::extractLabelSlice(labels, axis, first), rule.activeLabel);
    const cv::Mat b = activeMask(image::extractLabelSlice(labels, axis, last), rule.activeLabel);
    if (cv::countNonZero(a) == 0 || cv::countNonZero(b) == 0)
        return {};
    const cv::Mat da = signedDistance(a);
    const cv::Mat db = signedDistance(b);
    if (!history.begin("Interpolate"))
        return {};
    for (std::int64_t s = first + 1; s < last; ++s) {
        const double t = double(s - first) / double(last - first);
        const cv::Mat blended = (1.0 - t) * da + t * db;
        const cv::Mat mask = blended > 0;
        auto pixels = image::extractLabelSlice(labels, axis, s);
        applyMask(pixels, mask, rule);
        history.touch(sliceBox(labels.geometry(), axis, s));
        (void)image::writeLabelSlice(labels, axis, s, pixels);
    }
    return history.end();
}

} // namespace delineate::annotation
