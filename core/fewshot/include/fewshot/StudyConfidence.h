#pragma once
// How well the model understands a study without being told where to look: the mean prompt-free
// confidence (SAM's predicted IoU of SamPredictor::predictAutomatic, the figure the app stores for a
// prompt-free suggestion) over slices spread evenly through the study. Ranks the studies of a project so
// the annotator can open the one the model understands least.
//
// Slices (along `axis`, n of them): with n >= sampleCount, slice floor((i + 0.5) * n / sampleCount) for
// i = 0 .. sampleCount - 1 (the centres of sampleCount equal parts); else every slice. Each goes through
// fewshot::samInputSlice (the study's own window, as training and the app). `cancel` is polled before
// every slice (Cancelled error).

#include "base/Result.h"
#include "image/Slice.h"
#include "image/Volume.h"
#include "sam/SamPredictor.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace delineate::fewshot {

struct ConfidenceOptions {
    image::SliceAxis axis = image::SliceAxis::K;
    int sampleCount = 8;
    const std::atomic<bool>* cancel = nullptr;
};

// The slices sampled from a study of `sliceCount` slices (rule above), ascending.
[[nodiscard]] std::vector<std::int64_t> confidenceSlices(std::int64_t sliceCount, int sampleCount);

// Mean predicted IoU of the prompt-free mask over the sampled slices (in [0, 1] for a trained model;
// SAM's IoU head is not clamped). InvalidArgument for a study without slices.
[[nodiscard]] Result<double> meanPromptFreeConfidence(sam::SamPredictor& predictor,
                                                      const image::Volume& volume,
                                                      const ConfidenceOptions& options = {});

} // namespace delineate::fewshot
