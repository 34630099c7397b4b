#include "fewshot/PromptSimulation.h"

#include <algorithm>
#include <functional>
#include <limits>

namespace delineate::fewshot {
namespace {

std::size_t area(int width, int height)
{
    return static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
}

// Component ids (1-based, raster order of their first pixel) with 8-connectivity; returns the count.
int labelComponents(const std::vector<std::uint8_t>& mask, int width, int height, std::vector<int>& ids)
{
    ids.assign(area(width, height), 0);
    int count = 0;
    std::vector<std::size_t> stack;
    for (std::size_t start = 0; start < ids.size(); ++start) {
        if (!mask[start] || ids[start])
            continue;
        ids[start] = ++count;
        stack.push_back(start);
        while (!stack.empty()) {
            const std::size_t p = stack.back();
            stack.pop_back();
            const int x = static_cast<int>(p % static_cast<std::size_t>(width));
            const int y = static_cast<int>(p / static_cast<std::size_t>(width));
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx;
                    const int ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                        continue;
                    const std::size_t q = static_cast<std::size_t>(ny) * static_cast<std::size_t>(width) +
                                          static_cast<std::size_t>(nx);
                    if (mask[q] && !ids[q]) {
                        ids[q] = count;
                        stack.push_back(q);
                    }
                }
        }
    }
    return count;
}

} // namespace

std::vector<std::uint8_t> largestRegion(const std::vector<std::uint8_t>& mask, int width, int height)
{
    std::vector<int> ids;
    const int count = labelComponents(mask, width, height, ids);
    std::vector<std::size_t> sizes(static_cast<std::size_t>(count) + 1, 0);
    for (int id : ids)
        ++sizes[static_cast<std::size_t>(id)];
    int best = 0;
    for (int id = 1; id <= count; ++id)
        if (best == 0 || sizes[static_cast<std::size_t>(id)] >= sizes[static_cast<std::size_t>(best)])
            best = id;
    std::vector<std::uint8_t> out(ids.size(), 0);
    for (std::size_t p = 0; p < ids.size(); ++p)
        out[p] = best != 0 && ids[p] == best ? 1 : 0;
    return out;
}

std::vector<float> chamferDistance(const std::vector<std::uint8_t>& mask, int width, int height)
{
    constexpr float a = 1.0F;
    constexpr float b = 1.4F;
    constexpr float c = 2.1969F;
    constexpr float far = std::numeric_limits<float>::max() / 4;
    std::vector<float> d(area(width, height));
    for (std::size_t p = 0; p < d.size(); ++p)
        d[p] = mask[p] ? far : 0.0F;
    // Outside the frame is background (finetune-SAM pads the mask with one ring of zeros).
    auto at = [&](int x, int y) {
        return x < 0 || y < 0 || x >= width || y >= height
                   ? 0.0F
                   : d[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                       static_cast<std::size_t>(x)];
    };
    struct Step {
        int dx, dy;
        float cost;
    };
    static const Step forward[] = {{-1, 0, a},  {0, -1, a}, {-1, -1, b}, {1, -1, b},
                                   {-1, -2, c}, {1, -2, c}, {-2, -1, c}, {2, -1, c}};
    auto pass = [&](int x, int y, int sign) {
        float& value =
            d[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)];
        if (value == 0.0F)
            return;
        for (const Step& s : forward)
            value = std::min(value, at(x + sign * s.dx, y + sign * s.dy) + s.cost);
    };
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            pass(x, y, 1);
    for (int y = height - 1; y >= 0; --y)
        for (int x = width - 1; x >= 0; --x)
            pass(x, y, -1);
    return d;
}

std::optional<sam::SamBox> simulatedBox(const std::vector<std::uint8_t>& mask, int width, int height,
                                        const PromptRules& rules, std::mt19937_64& random)
{
    const std::vector<std::uint8_t> region = largestRegion(mask, width, height);
    int x0 = width, y0 = height, x1 = -1, y1 = -1;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            if (region[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                       static_cast<std::size_t>(x)]) {
                x0 = std::min(x0, x);
                x1 = std::max(x1, x);
                y0 = std::min(y0, y);
                y1 = std::max(y1, y);
            }
    if (x1 < 0)
        return std::nullopt;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double xNoise = (x1 - x0) * rules.boxNoise;
    const double yNoise = (y1 - y0) * rules.boxNoise;
    sam::SamBox box;
    box.x0 = std::max(0.0, x0 - xNoise * unit(random));
    box.x1 = std::min(static_cast<double>(width), x1 + xNoise * unit(random));
    box.y0 = std::max(0.0, y0 - yNoise * unit(random));
    box.y1 = std::min(static_cast<double>(height), y1 + yNoise * unit(random));
    return box;
}

std::optional<sam::SamPoint> simulatedPoint(const std::vector<std::uint8_t>& mask, int width, int height,
                                            const PromptRules& rules, std::mt19937_64& random)
{
    const std::vector<float> d = chamferDistance(largestRegion(mask, width, height), width, height);
    std::vector<float> sorted;
    for (float v : d)
        if (v > 0.0F)
            sorted.push_back(v);
    if (sorted.empty())
        return std::nullopt;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    const auto index = static_cast<std::size_t>(rules.depthFraction * static_cast<double>(sorted.size()));
    const float threshold = std::max(index < sorted.size() ? sorted[index] : 0.0F, 1.0F);
    std::vector<std::size_t> candidates;
    for (std::size_t p = 0; p < d.size(); ++p)
        if (d[p] >= threshold)
            candidates.push_back(p);
    if (candidates.empty())
        return std::nullopt;
    const std::size_t pick =
        candidates[std::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(random)];
    sam::SamPoint point;
    const std::size_t column = pick % static_cast<std::size_t>(width);
    const std::size_t row = pick / static_cast<std::size_t>(width); // the pixel's row: integer division
    point.x = static_cast<double>(column);
    point.y = static_cast<double>(row);
    point.label = 1;
    return point;
}

} // namespace delineate::fewshot
