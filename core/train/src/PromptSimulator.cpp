#include "PromptSimulator.h"

#include <algorithm>
#include <vector>

namespace delineate::train::detail {

namespace {

constexpr float kScale = 4.0F; // low-res pixel -> model-input pixels

} // namespace

torch::Tensor PromptSimulator::distanceToEdge(const torch::Tensor& target)
{
    const torch::Tensor mask = target.to(torch::kInt).contiguous();
    const int h = static_cast<int>(mask.size(0));
    const int w = static_cast<int>(mask.size(1));
    const int* m = mask.data_ptr<int>();
    const int far = h + w;
    torch::Tensor distance = torch::zeros({h, w}, torch::kInt);
    int* d = distance.data_ptr<int>();
    // Two-pass city-block transform; outside the frame counts as background.
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            if (m[y * w + x] == 0)
                continue;
            const int up = y > 0 ? d[(y - 1) * w + x] : 0;
            const int left = x > 0 ? d[y * w + x - 1] : 0;
            d[y * w + x] = std::min({far, up + 1, left + 1});
        }
    for (int y = h - 1; y >= 0; --y)
        for (int x = w - 1; x >= 0; --x) {
            if (m[y * w + x] == 0)
                continue;
            const int down = y + 1 < h ? d[(y + 1) * w + x] : 0;
            const int right = x + 1 < w ? d[y * w + x + 1] : 0;
            d[y * w + x] = std::min({d[y * w + x], down + 1, right + 1});
        }
    return distance;
}

std::array<float, 4> PromptSimulator::box(const torch::Tensor& target, double noiseFraction,
                                          std::mt19937_64& random)
{
    const float frame = static_cast<float>(target.size(1)) * kScale;
    const torch::Tensor nonzero = target.nonzero(); // (N, 2) [y, x]
    std::uniform_real_distribution<float> unit(0.0F, 1.0F);
    if (nonzero.size(0) == 0) {
        const float x0 = unit(random) * frame * 0.5F, y0 = unit(random) * frame * 0.5F;
        return {x0, y0, x0 + frame * 0.25F, y0 + frame * 0.25F};
    }
    const auto mins = std::get<0>(nonzero.min(0));
    const auto maxs = std::get<0>(nonzero.max(0));
    float x0 = static_cast<float>(mins[1].item<std::int64_t>()) * kScale;
    float y0 = static_cast<float>(mins[0].item<std::int64_t>()) * kScale;
    float x1 = static_cast<float>(maxs[1].item<std::int64_t>() + 1) * kScale;
    float y1 = static_cast<float>(maxs[0].item<std::int64_t>() + 1) * kScale;
    const float noiseX = static_cast<float>(noiseFraction) * (x1 - x0);
    const float noiseY = static_cast<float>(noiseFraction) * (y1 - y0);
    auto jitter = [&](float value, float amount) {
        return std::clamp(value + amount * (2.0F * unit(random) - 1.0F), 0.0F, frame);
    };
    x0 = jitter(x0, noiseX);
    y0 = jitter(y0, noiseY);
    x1 = jitter(x1, noiseX);
    y1 = jitter(y1, noiseY);
    if (x1 < x0)
        std::swap(x0, x1);
    if (y1 < y0)
        std::swap(y0, y1);
    return {x0, y0, x1, y1};
}

SimulatedPoint PromptSimulator::point(const torch::Tensor& target, std::mt19937_64& random)
{
    const int h = static_cast<int>(target.size(0));
    const int w = static_cast<int>(target.size(1));
    const torch::Tensor distance = distanceToEdge(target);
    const int* d = distance.data_ptr<int>();
    std::vector<int> inside;
    for (int i = 0; i < h * w; ++i)
        if (d[i] > 0)
            inside.push_back(d[i]);
    auto centre = [&](int index, std::int64_t label) {
        return SimulatedPoint{{(static_cast<float>(index % w) + 0.5F) * kScale,
                               (static_cast<float>(index / w) + 0.5F) * kScale},
                              label};
    };
    if (inside.empty())
        return centre(std::uniform_int_distribution<int>(0, h * w - 1)(random), 0);
    std::vector<int> sorted = inside;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2),
                     sorted.end());
    const int median = sorted[sorted.size() / 2];
    std::vector<int> candidates;
    for (int i = 0; i < h * w; ++i)
        if (d[i] > median)
            candidates.push_back(i);
    if (candidates.empty()) // thin structure: every pixel is at the median depth
        for (int i = 0; i < h * w; ++i)
            if (d[i] == median)
                candidates.push_back(i);
    const auto pick = std::uniform_int_distribution<std::size_t>(0, candidates.size() - 1)(random);
    return centre(candidates[pick], 1);
}

torch::Tensor PromptSimulator::boxes(const std::vector<torch::Tensor>& targets, double noiseFraction,
                                     std::mt19937_64& random)
{
    torch::Tensor out = torch::empty({static_cast<std::int64_t>(targets.size()), 4});
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto b = box(targets[i], noiseFraction, random);
        for (std::int64_t k = 0; k < 4; ++k)
            out[static_cast<std::int64_t>(i)][k] = b[static_cast<std::size_t>(k)];
    }
    return out;
}

std::pair<torch::Tensor, torch::Tensor> PromptSimulator::points(const std::vector<torch::Tensor>& targets,
                                                                std::mt19937_64& random)
{
    const auto n = static_cast<std::int64_t>(targets.size());
    torch::Tensor coords = torch::empty({n, 1, 2});
    torch::Tensor labels = torch::empty({n, 1}, torch::kLong);
    for (std::int64_t i = 0; i < n; ++i) {
        const SimulatedPoint p = point(targets[static_cast<std::size_t>(i)], random);
        coords[i][0][0] = p.xy[0];
        coords[i][0][1] = p.xy[1];
        labels[i][0] = p.label;
    }
    return {coords, labels};
}

} // namespace delineate::train::detail
