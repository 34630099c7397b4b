#pragma once
// Agreement of a predicted label map with a reference on the same grid, for one label value: Dice
// and normalised surface distance (metrics/SegmentationMetrics.h) per volume and per slice, with the
// grid's physical spacing (pixel units when the study has none).

#include "base/Result.h"
#include "image/LabelMap.h"
#include "image/Slice.h"

#include <cstdint>
#include <vector>

namespace delineate::fewshot {

struct SliceScore {
    std::int64_t index = 0;
    double dice = 0.0;
    double nsd = 0.0;
    std::int64_t referenceVoxels = 0;
    std::int64_t predictedVoxels = 0;
};

struct LabelScore {
    double dice = 0.0;
    double nsd = 0.0;
    double toleranceMm = 0.0;
    std::int64_t referenceVoxels = 0;
    std::int64_t predictedVoxels = 0;
    // Slices along `axis` where either map has the label (empty slices on both sides are skipped).
    std::vector<SliceScore> slices;
    double meanSliceDice = 0.0;
};

// Compares (prediction == predictedValue) with (reference == referenceValue). Grids must match.
Result<LabelScore> evaluateLabel(const image::LabelMap& prediction, image::LabelMap::Value predictedValue,
                                 const image::LabelMap& reference, image::LabelMap::Value referenceValue,
                                 double toleranceMm, image::SliceAxis axis = image::SliceAxis::K);

} // namespace delineate::fewshot
