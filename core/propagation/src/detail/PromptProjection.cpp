#include "detail/PromptProjection.h"

#include <algorithm>
#include <limits>

namespace delineate::propagation::detail {

std::optional<PixelBounds> PromptProjection::bounds(const std::vector<std::uint8_t>& mask, int width,
                                                    int height)
{
    PixelBounds b{width, height, -1, -1};
    for (int y = 0; y < height; ++y) {
        const std::uint8_t* row = mask.data() + static_cast<std::size_t>(y) * width;
        for (int x = 0; x < width; ++x) {
            if (!row[x])
                continue;
            b.minX = std::min(b.minX, x);
            b.maxX = std::max(b.maxX, x);
            b.minY = std::min(b.minY, y);
            b.maxY = std::max(b.maxY, y);
        }
    }
    if (b.maxX < 0)
        return std::nullopt;
    return b;
}

sam::SamBox PromptProjection::box(const PixelBounds& b, double margin, int width, int height)
{
    return {std::max(0.0, b.minX - margin), std::max(0.0, b.minY - margin),
            std::min(static_cast<double>(width), b.maxX + 1 + margin),
            std::min(static_cast<double>(height), b.maxY + 1 + margin)};
}

sam::SamPoint PromptProjection::deepestPoint(const std::vector<std::uint8_t>& mask, int width, int height)
{
    // Two-pass city-block distance to the nearest background pixel (outside the slice is background).
    std::vector<int> distance(mask.size(), 0);
    const auto at = [&](int x, int y) -> int& { return distance[static_cast<std::size_t>(y) * width + x]; };
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            if (!mask[static_cast<std::size_t>(y) * width + x])
                continue;
            const int up = y > 0 ? at(x, y - 1) : 0;
            const int left = x > 0 ? at(x - 1, y) : 0;
            at(x, y) = std::min(up, left) + 1;
        }
    sam::SamPoint best{0.0, 0.0, 1};
    int bestDistance = 0;
    for (int y = height - 1; y >= 0; --y)
        for (int x = width - 1; x >= 0; --x) {
            if (!mask[static_cast<std::size_t>(y) * width + x])
                continue;
            const int down = y + 1 < height ? at(x, y + 1) : 0;
            const int right = x + 1 < width ? at(x + 1, y) : 0;
            at(x, y) = std::min({at(x, y), down + 1, right + 1});
        }
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            if (at(x, y) > bestDistance) {
                bestDistance = at(x, y);
                best = {static_cast<double>(x), static_cast<double>(y), 1};
            }
    return best;
}

std::vector<sam::SamPoint> PromptProjection::negativePoints(const PixelBounds& b, double margin, int width,
                                                            int height)
{
    const double boxWidth = b.maxX - b.minX + 1;
    const double boxHeight = b.maxY - b.minY + 1;
    const double dx = std::max(3.0, boxWidth / 4.0) + margin;
    const double dy = std::max(3.0, boxHeight / 4.0) + margin;
    const double midX = (b.minX + b.maxX) / 2.0;
    const double midY = (b.minY + b.maxY) / 2.0;
    const sam::SamPoint candidates[] = {
        {b.minX - dx, midY, 0}, {b.maxX + dx, midY, 0}, {midX, b.minY - dy, 0}, {midX, b.maxY + dy, 0}};
    std::vector<sam::SamPoint> points;
    for (const sam::SamPoint& p : candidates)
        if (p.x >= 0.0 && p.x <= width - 1.0 && p.y >= 0.0 && p.y <= height - 1.0)
            points.push_back(p);
    return points;
}

sam::SamPrompt PromptProjection::prompt(Projection projection, const std::vector<std::uint8_t>& mask,
                                        int width, int height, double margin)
{
    sam::SamPrompt prompt;
    const std::optional<PixelBounds> b = bounds(mask, width, height);
    if (!b)
        return prompt;
    if (projection != Projection::Points)
        prompt.box = box(*b, margin, width, height);
    if (projection == Projection::Points || projection == Projection::BoxPoints) {
        prompt.points.push_back(deepestPoint(mask, width, height));
        for (const sam::SamPoint& p : negativePoints(*b, margin, width, height))
            prompt.points.push_back(p);
    }
    return prompt;
}

} // namespace delineate::propagation::detail
