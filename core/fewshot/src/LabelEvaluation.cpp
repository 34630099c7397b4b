#include "fewshot/LabelEvaluation.h"

#include "metrics/SegmentationMetrics.h"

namespace delineate::fewshot {
namespace {

std::vector<std::uint8_t> binary(const image::LabelMap::Value* data, std::size_t count,
                                 image::LabelMap::Value value)
{
    std::vector<std::uint8_t> out(count);
    for (std::size_t i = 0; i < count; ++i)
        out[i] = data[i] == value ? 1 : 0;
    return out;
}

std::int64_t ones(const std::vector<std::uint8_t>& mask)
{
    std::int64_t n = 0;
    for (std::uint8_t v : mask)
        n += v;
    return n;
}

} // namespace

Result<LabelScore> evaluateLabel(const image::LabelMap& prediction, image::LabelMap::Value predictedValue,
                                 const image::LabelMap& reference, image::LabelMap::Value referenceValue,
                                 double toleranceMm, image::SliceAxis axis)
{
    if (auto grid = prediction.checkGrid(reference.geometry()); !grid)
        return grid.error();
    if (!(toleranceMm >= 0.0))
        return makeError(ErrorCode::InvalidArgument, "", "NSD tolerance must be >= 0 mm");
    const image::Geometry& g = reference.geometry();
    const std::vector<std::uint8_t> p = binary(prediction.data(), prediction.voxelCount(), predictedValue);
    const std::vector<std::uint8_t> r = binary(reference.data(), reference.voxelCount(), referenceValue);
    metrics::BinaryMask pm{
        p.data(), {g.size[0], g.size[1], g.size[2]}, {g.spacing[0], g.spacing[1], g.spacing[2]}};
    metrics::BinaryMask rm{r.data(), pm.size, pm.spacing};

    LabelScore score;
    score.toleranceMm = toleranceMm;
    score.dice = metrics::dice(pm, rm);
    score.nsd = metrics::normalizedSurfaceDistance(pm, rm, toleranceMm);
    score.predictedVoxels = ones(p);
    score.referenceVoxels = ones(r);

    // Per slice: the slice plane's two axes keep their spacing (Slice.h order).
    const int a = static_cast<int>(axis);
    const int u = a == 0 ? 1 : 0;
    const int v = a == 2 ? 1 : 2;
    const std::int64_t count = image::sliceCount(g, axis);
    double diceSum = 0.0;
    for (std::int64_t s = 0; s < count; ++s) {
        const auto ps = image::extractLabelSlice(prediction, axis, s);
        const auto rs = image::extractLabelSlice(reference, axis, s);
        const auto pb = binary(ps.pixels.data(), ps.pixels.size(), predictedValue);
        const auto rb = binary(rs.pixels.data(), rs.pixels.size(), referenceValue);
        SliceScore slice;
        slice.index = s;
        slice.predictedVoxels = ones(pb);
        slice.referenceVoxels = ones(rb);
        if (slice.predictedVoxels == 0 && slice.referenceVoxels == 0)
            continue;
        metrics::BinaryMask pm2{pb.data(), {ps.width, ps.height, 1}, {g.spacing[u], g.spacing[v], 1.0}};
        metrics::BinaryMask rm2{rb.data(), pm2.size, pm2.spacing};
        slice.dice = metrics::dice(pm2, rm2);
        slice.nsd = metrics::normalizedSurfaceDistance(pm2, rm2, toleranceMm);
        diceSum += slice.dice;
        score.slices.push_back(slice);
    }
    score.meanSliceDice = score.slices.empty() ? 1.0 : diceSum / static_cast<double>(score.slices.size());
    return score;
}

} // namespace delineate::fewshot
