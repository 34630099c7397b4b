#include "sam/MaskResize.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace delineate::sam {

namespace {

struct Taps {
    std::vector<std::int64_t> i0, i1;
    std::vector<float> l0, l1;
};

Taps tapsFor(std::int64_t in, std::int64_t out, std::int64_t keep)
{
    Taps taps;
    taps.i0.resize(static_cast<std::size_t>(keep));
    taps.i1.resize(static_cast<std::size_t>(keep));
    taps.l0.resize(static_cast<std::size_t>(keep));
    taps.l1.resize(static_cast<std::size_t>(keep));
    const float scale = static_cast<float>(in) / static_cast<float>(out);
    for (std::int64_t o = 0; o < keep; ++o) {
        const auto k = static_cast<std::size_t>(o);
        if (in == out) { // LibTorch copies when the size is unchanged
            taps.i0[k] = taps.i1[k] = o;
            taps.l0[k] = 1.0f;
            taps.l1[k] = 0.0f;
            continue;
        }
        float source = scale * (static_cast<float>(o) + 0.5f) - 0.5f;
        source = std::max(source, 0.0f);
        const auto index = static_cast<std::int64_t>(source);
        taps.i0[k] = index;
        taps.i1[k] = index + (index < in - 1 ? 1 : 0);
        taps.l1[k] = std::clamp(source - static_cast<float>(index), 0.0f, 1.0f);
        taps.l0[k] = 1.0f - taps.l1[k];
    }
    return taps;
}

} // namespace

void resizeBilinearCropped(const float* src, std::int64_t planes, std::int64_t srcH, std::int64_t srcW,
                           std::int64_t outH, std::int64_t outW, std::int64_t keepH, std::int64_t keepW,
                           float* dst)
{
    const Taps across = tapsFor(srcW, outW, keepW);
    const Taps down = tapsFor(srcH, outH, keepH);
    // Horizontal pass of every source row a kept output row reads, then the vertical blend; both passes
    // split by rows over LibTorch's intra-op threads (each value is computed as in one thread).
    std::vector<std::int64_t> needed;
    {
        std::vector<char> marked(static_cast<std::size_t>(srcH), 0);
        for (std::int64_t o = 0; o < keepH; ++o) {
            marked[static_cast<std::size_t>(down.i0[static_cast<std::size_t>(o)])] = 1;
            marked[static_cast<std::size_t>(down.i1[static_cast<std::size_t>(o)])] = 1;
        }
        for (std::int64_t y = 0; y < srcH; ++y)
            if (marked[static_cast<std::size_t>(y)])
                needed.push_back(y);
    }
    const auto neededCount = static_cast<std::int64_t>(needed.size());
    const std::unique_ptr<float[]> rows(new float[static_cast<std::size_t>(planes * srcH * keepW)]);
    // Rows of roughly 16k values per task: below that a thread hand-off costs more than it saves.
    const std::int64_t rowGrain = std::max<std::int64_t>(1, 16384 / std::max<std::int64_t>(1, keepW));
    at::parallel_for(0, planes * neededCount, rowGrain, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t task = begin; task < end; ++task) {
            const std::int64_t p = task / neededCount;
            const std::int64_t y = needed[static_cast<std::size_t>(task % neededCount)];
            const float* in = src + (p * srcH + y) * srcW;
            float* out = rows.get() + (p * srcH + y) * keepW;
            for (std::int64_t x = 0; x < keepW; ++x) {
                const auto k = static_cast<std::size_t>(x);
                out[x] = in[across.i0[k]] * across.l0[k] + in[across.i1[k]] * across.l1[k];
            }
        }
    });
    at::parallel_for(0, planes * keepH, rowGrain, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t task = begin; task < end; ++task) {
            const std::int64_t p = task / keepH;
            const std::int64_t o = task % keepH;
            const auto k = static_cast<std::size_t>(o);
            const float* r0 = rows.get() + (p * srcH + down.i0[k]) * keepW;
            const float* r1 = rows.get() + (p * srcH + down.i1[k]) * keepW;
            const float w0 = down.l0[k], w1 = down.l1[k];
            float* out = dst + (p * keepH + o) * keepW;
            for (std::int64_t x = 0; x < keepW; ++x)
                out[x] = r0[x] * w0 + r1[x] * w1;
        }
    });
}

} // namespace delineate::sam
