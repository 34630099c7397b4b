#pragma once
// Prompt-free (automatic) segmentation of a study, slice by slice, with a loaded predictor (base
// checkpoint + optional adapter). Each slice goes through the same SAM input mapping as training
// (fewshot::samInputSlice) and SamPredictor::predictAutomatic; voxels whose foreground logit is > 0
// get `value`. Slices are processed in index order; progress and cancel are polled once per slice.

#include "base/Result.h"
#include "fewshot/TrainingSet.h"
#include "image/LabelMap.h"
#include "image/Volume.h"
#include "sam/SamPredictor.h"

#include <atomic>
#include <functional>
#include <vector>

namespace delineate::fewshot {

struct SegmentationOptions {
    image::SliceAxis axis = image::SliceAxis::K;
    std::vector<std::int64_t> slices; // empty: every slice along `axis`
    image::LabelMap::Value value = 1;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(int done, int total)> progress;
};

// Writes the prediction into `labels` (which must lie on the volume's grid): each processed slice is
// replaced by the prediction (voxels of other labels on those slices are kept where the prediction is
// background). Returns the number of slices processed.
Result<int> segmentStudy(sam::SamPredictor& predictor, const image::Volume& volume, image::LabelMap& labels,
                         const SegmentationOptions& options);

// The binary automatic mask of one slice (height x width, 1 = foreground).
Result<std::vector<std::uint8_t>> automaticMask(sam::SamPredictor& predictor, const image::Volume& volume,
                                                const SliceRef& slice);

} // namespace delineate::fewshot
