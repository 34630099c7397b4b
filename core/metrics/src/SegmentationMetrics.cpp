#include "metrics/SegmentationMetrics.h"

#include "DistanceTransform.h"

#include <cmath>

namespace delineate::metrics {

double dice(const BinaryMask& prediction, const BinaryMask& reference)
{
    std::int64_t a = 0, b = 0, both = 0;
    for (std::int64_t n = 0; n < prediction.voxelCount(); ++n) {
        const bool p = prediction.data[n] != 0;
        const bool r = reference.data[n] != 0;
        a += p;
        b += r;
        both += p && r;
    }
    if (a + b == 0)
        return 1.0;
    return 2.0 * double(both) / double(a + b);
}

std::vector<std::uint8_t> boundary(const BinaryMask& mask)
{
    const auto& s = mask.size;
    std::vector<std::uint8_t> edge(static_cast<std::size_t>(mask.voxelCount()), 0);
    const std::array<std::int64_t, 3> stride{1, s[0], s[0] * s[1]};
    for (std::int64_t k = 0; k < s[2]; ++k)
        for (std::int64_t j = 0; j < s[1]; ++j)
            for (std::int64_t i = 0; i < s[0]; ++i) {
                const std::int64_t n = i + j * stride[1] + k * stride[2];
                if (!mask.data[n])
                    continue;
                const std::int64_t index[3] = {i, j, k};
                bool isEdge = false;
                for (int a = 0; a < 3 && !isEdge; ++a) {
                    if (s[a] == 1)
                        continue; // a 2D slice has no neighbours across its normal
                    isEdge = index[a] == 0 || index[a] == s[a] - 1 || !mask.data[n - stride[a]] ||
                             !mask.data[n + stride[a]];
                }
                edge[n] = isEdge;
            }
    return edge;
}

double normalizedSurfaceDistance(const BinaryMask& prediction, const BinaryMask& reference,
                                 double toleranceMm)
{
    const std::vector<std::uint8_t> edgeA = boundary(prediction);
    const std::vector<std::uint8_t> edgeB = boundary(reference);
    BinaryMask sitesA = prediction, sitesB = reference;
    sitesA.data = edgeA.data();
    sitesB.data = edgeB.data();
    const std::vector<double> toA = squaredDistanceToSites(sitesA);
    const std::vector<double> toB = squaredDistanceToSites(sitesB);
    const double tolerance2 = toleranceMm * toleranceMm * (1.0 + 1e-12);
    std::int64_t countA = 0, countB = 0, closeA = 0, closeB = 0;
    for (std::size_t n = 0; n < edgeA.size(); ++n) {
        if (edgeA[n]) {
            ++countA;
            closeA += toB[n] <= tolerance2;
        }
        if (edgeB[n]) {
            ++countB;
            closeB += toA[n] <= tolerance2;
        }
    }
    if (countA + countB == 0)
        return 1.0;
    if (countA == 0 || countB == 0)
        return 0.0;
    return double(closeA + closeB) / double(countA + countB);
}

} // namespace delineate::metrics
