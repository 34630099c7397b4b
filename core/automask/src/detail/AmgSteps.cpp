#include "detail/AmgSteps.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace delineate::automask::detail {

std::vector<Point> pointGrid(int perSide)
{
    std::vector<double> side(static_cast<std::size_t>(std::max(perSide, 0)));
    const double offset = 1.0 / (2.0 * perSide);
    const double start = offset;
    const double stop = 1.0 - offset;
    // numpy.linspace: start + i * step, the last value exactly stop.
    const double step = perSide > 1 ? (stop - start) / (perSide - 1) : 0.0;
    for (int i = 0; i < perSide; ++i)
        side[static_cast<std::size_t>(i)] = start + i * step;
    if (perSide > 1)
        side.back() = stop;
    std::vector<Point> points;
    points.reserve(side.size() * side.size());
    for (double y : side)
        for (double x : side)
            points.push_back({x, y});
    return points;
}

namespace {

int cropLength(int originalLength, int crops, int overlap)
{
    return static_cast<int>(std::ceil(static_cast<double>(overlap * (crops - 1) + originalLength) / crops));
}

} // namespace

std::vector<CropBox> cropBoxes(int width, int height, int layers, double overlapRatio)
{
    std::vector<CropBox> boxes{{{0, 0, width, height}, 0}};
    const int shortSide = std::min(width, height);
    for (int layer = 0; layer < layers; ++layer) {
        const int perSide = 1 << (layer + 1);
        const int overlap = static_cast<int>(overlapRatio * shortSide * (2.0 / perSide));
        const int cropWidth = cropLength(width, perSide, overlap);
        const int cropHeight = cropLength(height, perSide, overlap);
        for (int i = 0; i < perSide; ++i)
            for (int j = 0; j < perSide; ++j) {
                const int x0 = (cropWidth - overlap) * i;
                const int y0 = (cropHeight - overlap) * j;
                boxes.push_back({{x0, y0, std::min(x0 + cropWidth, width), std::min(y0 + cropHeight, height)},
                                 layer + 1});
            }
    }
    return boxes;
}

int pointsPerSideOfLayer(int perSide, int downscale, int layer)
{
    return static_cast<int>(perSide / std::pow(static_cast<double>(downscale), layer));
}

Box maskBox(const std::uint8_t* mask, int width, int height)
{
    int left = width, top = height, right = -1, bottom = -1;
    for (int y = 0; y < height; ++y) {
        const std::uint8_t* row = mask + static_cast<std::size_t>(y) * static_cast<std::size_t>(width);
        for (int x = 0; x < width; ++x)
            if (row[x]) {
                left = std::min(left, x);
                right = std::max(right, x);
                top = std::min(top, y);
                bottom = std::max(bottom, y);
            }
    }
    if (right < 0)
        return {0, 0, 0, 0};
    return {left, top, right, bottom};
}

bool nearCropEdge(const Box& boxInCrop, const Box& crop, int imageWidth, int imageHeight)
{
    constexpr float tolerance = 20.0f;
    const Box image{0, 0, imageWidth, imageHeight};
    const Box offset{crop[0], crop[1], crop[0], crop[1]};
    for (std::size_t k = 0; k < 4; ++k) {
        const float edge = static_cast<float>(boxInCrop[k] + offset[k]);
        const bool nearCrop = std::fabs(edge - static_cast<float>(crop[k])) <= tolerance;
        const bool nearImage = std::fabs(edge - static_cast<float>(image[k])) <= tolerance;
        if (nearCrop && !nearImage)
            return true;
    }
    return false;
}

std::vector<std::size_t> boxNms(const std::vector<Box>& boxes, const std::vector<float>& scores,
                                double threshold)
{
    std::vector<std::size_t> order(boxes.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    std::vector<float> areas(boxes.size());
    for (std::size_t i = 0; i < boxes.size(); ++i)
        areas[i] =
            static_cast<float>(boxes[i][2] - boxes[i][0]) * static_cast<float>(boxes[i][3] - boxes[i][1]);
    std::vector<bool> suppressed(boxes.size(), false);
    std::vector<std::size_t> keep;
    for (std::size_t a = 0; a < order.size(); ++a) {
        const std::size_t i = order[a];
        if (suppressed[i])
            continue;
        keep.push_back(i);
        for (std::size_t b = a + 1; b < order.size(); ++b) {
            const std::size_t j = order[b];
            if (suppressed[j])
                continue;
            const float w = std::max(0.0f, static_cast<float>(std::min(boxes[i][2], boxes[j][2]) -
                                                              std::max(boxes[i][0], boxes[j][0])));
            const float h = std::max(0.0f, static_cast<float>(std::min(boxes[i][3], boxes[j][3]) -
                                                              std::max(boxes[i][1], boxes[j][1])));
            const float intersection = w * h;
            const float iou = intersection / (areas[i] + areas[j] - intersection);
            if (static_cast<double>(iou) > threshold)
                suppressed[j] = true;
        }
    }
    return keep;
}

float stabilityScore(const float* logits, std::size_t count, float threshold, float offset)
{
    std::int64_t intersection = 0;
    std::int64_t unionCount = 0;
    const float high = threshold + offset;
    const float low = threshold - offset;
    for (std::size_t p = 0; p < count; ++p) {
        intersection += logits[p] > high ? 1 : 0;
        unionCount += logits[p] > low ? 1 : 0;
    }
    if (unionCount == 0)
        return std::numeric_limits<float>::quiet_NaN();
    return static_cast<float>(intersection) / static_cast<float>(unionCount);
}

} // namespace delineate::automask::detail
