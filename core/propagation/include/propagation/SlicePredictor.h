#pragma once
// What the propagation engine needs from SAM, as a small interface the engine owns: select a slice
// (embed it, or reuse an embedding), decode a prompt against it, and turn a binary mask into SAM's
// low-res mask input. SamSlicePredictor implements it over sam::SamPredictor and a Volume; unit tests
// implement it with a scripted predictor; the app can implement it over its model thread's cache.
//
// Frames: every slice is in the slice-plane frame of image/Slice.h (width x height, row-major, pixel
// (x, y) = column x, row y); prompts and predicted masks are in that frame (sam/SamPrompt.h,
// sam/SamPrediction.h), low-res masks in SAM's 256 x 256 frame (model input / 4, padding included).
// All slices along one axis share width and height. Called on one thread (the one that owns the model).

#include "base/Result.h"
#include "image/Slice.h"
#include "sam/SamPrediction.h"
#include "sam/SamPrompt.h"

#include <cstdint>
#include <vector>

namespace delineate::propagation {

class SlicePredictor {
public:
    virtual ~SlicePredictor() = default;

    // Makes slice `index` along `axis` current (embedding it unless an embedding is at hand).
    virtual Result<void> selectSlice(image::SliceAxis axis, std::int64_t index) = 0;
    // Decodes `prompt` against the current slice (multimask: the model's multimask outputs, else one).
    virtual Result<sam::SamPrediction> predict(const sam::SamPrompt& prompt, bool multimask) = 0;
    // 256 x 256 low-res logits that stand for a binary mask of the current slice size (width x height,
    // 1 = inside), for SamPrompt::maskInput when the previous slice is an anchor (no logits of its own).
    virtual std::vector<float> maskInputFromMask(const std::vector<std::uint8_t>& mask, int width,
                                                 int height) = 0;
};

} // namespace delineate::propagation
