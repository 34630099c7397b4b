#pragma once
// Turns a TrainingSlice into the tensors a training step needs (internal; torch).
//
// Frames: the slice (height x width pixels) is resized into the 1024x1024 model-input frame the
// way the model's checkpoint expects (SamConfig::preprocess):
//   Sam          longest side to 1024, aspect kept, zero padding bottom/right
//   FinetuneSam  1024x1024, aspect not kept
// The low-res mask frame (256x256) is the model-input frame divided by 4: low-res logits and
// targets share it, and prompt coordinates are low-res pixel centres times 4.
//
//   modelInput(rgb)  (1, 3, 1024, 1024) float32, normalised as the checkpoint expects
//   target()         (256, 256) int64 in {0, 1}: the mask resized (nearest) into the input
//                    frame, zero padded, 4x4 averaged and thresholded at 0.5
//   valid()          (256, 256) bool: the part of the frame covered by the slice (not padding)

#include "sam/SamConfig.h"
#include "train/TrainingSlice.h"

#include <torch/torch.h>

namespace delineate::train::detail {

class SlicePreprocessor {
public:
    static constexpr int kLowResSize = 256;

    SlicePreprocessor(const TrainingSlice& slice, sam::PreprocessKind kind, int imageSize = 1024);

    [[nodiscard]] torch::Tensor modelInput(const std::vector<std::uint8_t>& rgb) const;
    [[nodiscard]] const torch::Tensor& target() const { return m_target; }
    [[nodiscard]] const torch::Tensor& valid() const { return m_valid; }

private:
    int m_width;
    int m_height;
    int m_inputWidth;
    int m_inputHeight;
    int m_imageSize;
    sam::PreprocessKind m_kind;
    torch::Tensor m_target;
    torch::Tensor m_valid;
};

} // namespace delineate::train::detail
