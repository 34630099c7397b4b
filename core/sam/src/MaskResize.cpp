#include "sam/MaskResize.h"

#include <algorithm>
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
    // Horizontal pass of every source row a kept output row reads, then the vertical blend.
    std::vector<float> rows(static_cast<std::size_t>(srcH * keepW));
    std::vector<char> needed(static_cast<std::size_t>(srcH), 0);
    for (std::int64_t o = 0; o < keepH; ++o) {
        needed[static_cast<std::size_t>(down.i0[static_cast<std::size_t>(o)])] = 1;
        needed[static_cast<std::size_t>(down.i1[static_cast<std::size_t>(o)])] = 1;
    }
    for (std::int64_t p = 0; p < planes; ++p) {
        const float* plane = src + p * srcH * srcW;
        for (std::int64_t y = 0; y < srcH; ++y) {
            if (!needed[static_cast<std::size_t>(y)])
                continue;
            const float* in = plane + y * srcW;
            float* out = rows.data() + y * keepW;
            for (std::int64_t x = 0; x < keepW; ++x) {
                const auto k = static_cast<std::size_t>(x);
                out[x] = in[across.i0[k]] * across.l0[k] + in[across.i1[k]] * across.l1[k];
            }
        }
        float* target = dst + p * keepH * keepW;
        for (std::int64_t o = 0; o < keepH; ++o) {
            const auto k = static_cast<std::size_t>(o);
            const float* r0 = rows.data() + down.i0[k] * keepW;
            const float* r1 = rows.data() + down.i1[k] * keepW;
            const float w0 = down.l0[k], w1 = down.l1[k];
            float* out = target + o * keepW;
            for (std::int64_t x = 0; x < keepW; ++x)
                out[x] = r0[x] * w0 + r1[x] * w1;
        }
    }
}

} // namespace delineate::sam
