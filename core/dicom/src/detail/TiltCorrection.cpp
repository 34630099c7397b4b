#include "detail/TiltCorrection.h"

#include "base/ParallelFor.h"

#include <cmath>

namespace delineate::dicom::detail {

namespace {

// The whole-pixel part and the fraction of a shift; fractions within 1 % of a pixel count as whole.
std::pair<std::int64_t, double> split(double shift)
{
    double whole = std::floor(shift);
    double fraction = shift - whole;
    if (fraction < 0.01) {
        fraction = 0;
    } else if (fraction > 0.99) {
        whole += 1;
        fraction = 0;
    }
    return {std::int64_t(whole), fraction};
}

} // namespace

Result<image::Volume> straightenSlices(const image::Volume& acquired, const StackLayout& layout)
{
    auto created = image::Volume::create(layout.geometry, acquired.components(), acquired.sourceType);
    if (!created)
        return created.error();
    image::Volume out = std::move(created).value();
    const int components = acquired.components();
    const float outside = acquired.isRgb() ? 0.0f : acquired.range().first;
    // Integer images stay integer (rounded), so they are written in their own type.
    const bool integral = acquired.sourceType != image::ComponentType::Float32 &&
                          acquired.sourceType != image::ComponentType::Float64;
    const std::int64_t inColumns = acquired.columns();
    const std::int64_t inRows = acquired.rows();
    const std::int64_t outColumns = out.columns();
    const std::int64_t outRows = out.rows();
    parallelFor(std::size_t(out.slices()), [&](std::size_t slice) {
        const auto k = std::int64_t(slice);
        const auto [wholeX, fractionX] = split(layout.sliceShift[slice][0]);
        const auto [wholeY, fractionY] = split(layout.sliceShift[slice][1]);
        // Output (i, j) samples the acquired slice at (i - shift): between pixels x0 = i - wholeX - 1 and
        // x0 + 1 with weight fractionX on x0 (the same along y).
        auto sample = [&](std::int64_t x, std::int64_t y, int c) {
            if (x < 0 || y < 0 || x >= inColumns || y >= inRows)
                return outside;
            return acquired.at(x, y, k, c);
        };
        for (std::int64_t j = 0; j < outRows; ++j) {
            const std::int64_t y = j - wholeY;
            for (std::int64_t i = 0; i < outColumns; ++i) {
                const std::int64_t x = i - wholeX;
                for (int c = 0; c < components; ++c) {
                    float value = sample(x, y, c);
                    if (fractionX > 0 || fractionY > 0) {
                        const double fx = fractionX, fy = fractionY;
                        const double mixed =
                            (1 - fx) * (1 - fy) * value + fx * (1 - fy) * sample(x - 1, y, c) +
                            (1 - fx) * fy * sample(x, y - 1, c) + fx * fy * sample(x - 1, y - 1, c);
                        value = float(integral ? std::nearbyint(mixed) : mixed);
                    }
                    out.at(i, j, k, c) = value;
                }
            }
        }
    });
    out.frameKind = acquired.frameKind;
    return out;
}

} // namespace delineate::dicom::detail
