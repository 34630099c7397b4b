#include "sam/PillowResize.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>

namespace delineate::sam {

namespace detail {
namespace {

// Pillow keeps 8 bits for the result and 2 for overflow in a 32-bit accumulator.
constexpr int kPrecisionBits = 32 - 8 - 2;

// Fixed-point weights of one 1-D resampling: output sample i reads `count[i]` inputs starting
// at `first[i]`, with weights weights[i * taps + k].
struct Coefficients {
    int taps = 0;
    std::vector<int> first;
    std::vector<int> count;
    std::vector<std::int32_t> weights;
};

double triangle(double x)
{
    x = std::fabs(x);
    return x < 1.0 ? 1.0 - x : 0.0;
}

// Triangle-filter weights for resampling inSize samples to outSize, with the support widened
// by the scale when downscaling. Same arithmetic (in double) and rounding as Pillow.
Coefficients bilinearCoefficients(int inSize, int outSize)
{
    const double scale = static_cast<double>(inSize) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = 1.0 * filterScale;
    Coefficients c;
    c.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
    c.first.resize(static_cast<std::size_t>(outSize));
    c.count.resize(static_cast<std::size_t>(outSize));
    c.weights.assign(static_cast<std::size_t>(outSize) * static_cast<std::size_t>(c.taps), 0);
    std::vector<double> weights(static_cast<std::size_t>(c.taps));
    for (int out = 0; out < outSize; ++out) {
        const double center = (out + 0.5) * scale;
        const double inverse = 1.0 / filterScale;
        // Pillow's precompute_coeffs (Resample.c) rounds the window with (int)(x + 0.5), truncating toward
        // zero for negative x; lround would move some windows by one pixel and break the bit-exact match.
        // NOLINTNEXTLINE(bugprone-incorrect-roundings)
        const int begin = std::max(static_cast<int>(center - support + 0.5), 0);
        // NOLINTNEXTLINE(bugprone-incorrect-roundings): Pillow's rounding, as above
        const int end = std::min(static_cast<int>(center + support + 0.5), inSize);
        const int count = std::max(end - begin, 0);
        double sum = 0.0;
        for (int k = 0; k < count; ++k) {
            weights[static_cast<std::size_t>(k)] = triangle((k + begin - center + 0.5) * inverse);
            sum += weights[static_cast<std::size_t>(k)];
        }
        std::int32_t* fixed = &c.weights[static_cast<std::size_t>(out) * static_cast<std::size_t>(c.taps)];
        for (int k = 0; k < count; ++k) {
            double w = weights[static_cast<std::size_t>(k)];
            if (sum != 0.0)
                w /= sum;
            const double scaled = w * (1 << kPrecisionBits);
            fixed[k] = static_cast<std::int32_t>(w < 0 ? scaled - 0.5 : scaled + 0.5);
        }
        c.first[static_cast<std::size_t>(out)] = begin;
        c.count[static_cast<std::size_t>(out)] = count;
    }
    return c;
}

std::uint8_t toByte(std::int32_t accumulator)
{
    return static_cast<std::uint8_t>(std::clamp(accumulator >> kPrecisionBits, 0, 255));
}

// Resamples along x: rows [rowBegin, rowEnd) of `src` (width srcWidth) into `dst` (dstWidth wide,
// rowEnd - rowBegin rows).
void horizontalPass(const std::uint8_t* src, int srcWidth, int rowBegin, int rowEnd, int channels,
                    const Coefficients& c, int dstWidth, std::uint8_t* dst)
{
    const auto srcStride = static_cast<std::size_t>(srcWidth) * channels;
    const auto dstStride = static_cast<std::size_t>(dstWidth) * channels;
    for (int y = rowBegin; y < rowEnd; ++y) {
        const std::uint8_t* in = src + static_cast<std::size_t>(y) * srcStride;
        std::uint8_t* out = dst + static_cast<std::size_t>(y - rowBegin) * dstStride;
        for (int x = 0; x < dstWidth; ++x) {
            const std::int32_t* w =
                &c.weights[static_cast<std::size_t>(x) * static_cast<std::size_t>(c.taps)];
            const std::uint8_t* taps =
                in + static_cast<std::size_t>(c.first[static_cast<std::size_t>(x)]) * channels;
            const int count = c.count[static_cast<std::size_t>(x)];
            for (int ch = 0; ch < channels; ++ch) {
                std::int32_t sum = 1 << (kPrecisionBits - 1);
                for (int k = 0; k < count; ++k)
                    sum += taps[k * channels + ch] * w[k];
                out[static_cast<std::size_t>(x) * channels + ch] = toByte(sum);
            }
        }
    }
}

// Resamples along y: `src` is width x (any height) and output row y reads source rows
// first[y] - rowShift ... (rowShift = first source row held in `src`).
void verticalPass(const std::uint8_t* src, int width, int rowShift, int channels, const Coefficients& c,
                  int dstHeight, std::uint8_t* dst)
{
    const auto stride = static_cast<std::size_t>(width) * channels;
    for (int y = 0; y < dstHeight; ++y) {
        const std::int32_t* w = &c.weights[static_cast<std::size_t>(y) * static_cast<std::size_t>(c.taps)];
        const std::uint8_t* rows =
            src + static_cast<std::size_t>(c.first[static_cast<std::size_t>(y)] - rowShift) * stride;
        const int count = c.count[static_cast<std::size_t>(y)];
        std::uint8_t* out = dst + static_cast<std::size_t>(y) * stride;
        for (std::size_t i = 0; i < stride; ++i) {
            std::int32_t sum = 1 << (kPrecisionBits - 1);
            for (int k = 0; k < count; ++k)
                sum += rows[static_cast<std::size_t>(k) * stride + i] * w[k];
            out[i] = toByte(sum);
        }
    }
}

bool validArguments(const std::uint8_t* src, int srcWidth, int srcHeight, int channels, int dstWidth,
                    int dstHeight)
{
    return src && srcWidth > 0 && srcHeight > 0 && dstWidth > 0 && dstHeight > 0 &&
           (channels == 1 || channels == 3);
}

// Pillow's nearest-neighbour source indices: an accumulated position, truncated; -1 when the
// position falls outside the source (then the output pixel stays 0).
std::vector<int> nearestIndices(int inSize, int outSize)
{
    const double step = static_cast<double>(inSize) / outSize;
    std::vector<int> indices(static_cast<std::size_t>(outSize));
    double position = step * 0.5;
    for (int i = 0; i < outSize; ++i) {
        const int index = position < 0.0 ? -1 : static_cast<int>(position);
        indices[static_cast<std::size_t>(i)] = index < inSize ? index : -1;
        position += step;
    }
    return indices;
}

} // namespace
} // namespace detail

std::vector<std::uint8_t> pillowResizeBilinear(const std::uint8_t* src, int srcWidth, int srcHeight,
                                               int channels, int dstWidth, int dstHeight)
{
    if (!detail::validArguments(src, srcWidth, srcHeight, channels, dstWidth, dstHeight))
        return {};
    const bool horizontal = dstWidth != srcWidth;
    const bool vertical = dstHeight != srcHeight;
    const auto dstBytes = static_cast<std::size_t>(dstWidth) * dstHeight * channels;
    if (!horizontal && !vertical)
        return std::vector<std::uint8_t>(src, src + dstBytes);

    const detail::Coefficients rows = detail::bilinearCoefficients(srcHeight, dstHeight);
    // Source rows that the vertical pass reads (all of them when there is no vertical pass).
    const int rowBegin = rows.first.front();
    const int rowEnd = rows.first.back() + rows.count.back();

    std::vector<std::uint8_t> temporary;
    const std::uint8_t* verticalInput = src;
    int rowShift = 0;
    if (horizontal) {
        const detail::Coefficients columns = detail::bilinearCoefficients(srcWidth, dstWidth);
        temporary.resize(static_cast<std::size_t>(dstWidth) * static_cast<std::size_t>(rowEnd - rowBegin) *
                         channels);
        detail::horizontalPass(src, srcWidth, rowBegin, rowEnd, channels, columns, dstWidth,
                               temporary.data());
        if (!vertical)
            return temporary; // rowBegin = 0 and rowEnd = srcHeight = dstHeight here
        verticalInput = temporary.data();
        rowShift = rowBegin;
    }
    std::vector<std::uint8_t> result(dstBytes);
    detail::verticalPass(verticalInput, dstWidth, rowShift, channels, rows, dstHeight, result.data());
    return result;
}

std::vector<std::uint8_t> pillowResizeNearest(const std::uint8_t* src, int srcWidth, int srcHeight,
                                              int channels, int dstWidth, int dstHeight)
{
    if (!detail::validArguments(src, srcWidth, srcHeight, channels, dstWidth, dstHeight))
        return {};
    const std::vector<int> columns = detail::nearestIndices(srcWidth, dstWidth);
    const std::vector<int> rows = detail::nearestIndices(srcHeight, dstHeight);
    std::vector<std::uint8_t> result(static_cast<std::size_t>(dstWidth) * dstHeight * channels, 0);
    const auto channelCount = static_cast<std::size_t>(channels);
    for (int y = 0; y < dstHeight; ++y) {
        const int sy = rows[static_cast<std::size_t>(y)];
        if (sy < 0)
            continue;
        const std::uint8_t* in = src + static_cast<std::size_t>(sy) * srcWidth * channelCount;
        std::uint8_t* out = result.data() + static_cast<std::size_t>(y) * dstWidth * channelCount;
        for (int x = 0; x < dstWidth; ++x) {
            const int sx = columns[static_cast<std::size_t>(x)];
            if (sx >= 0)
                std::memcpy(out + static_cast<std::size_t>(x) * channelCount,
                            in + static_cast<std::size_t>(sx) * channelCount, channelCount);
        }
    }
    return result;
}

} // namespace delineate::sam
