#pragma once
// Prompts as tensors, the arguments of segment-anything's PromptEncoder.forward (points, boxes,
// masks). For training code and the engine itself (torch in the interface); ui/ and app/ give prompts
// as SamPrompt through the torch-free SamPredictor façade.
//
// Frame: coordinates are (x, y) pixels of the model-input frame (imageSize x imageSize, 1024 for every
// official variant: the image after ResizeTransform), not normalised; the prompt encoder adds 0.5
// (pixel centres). A missing field is a prompt of that kind not given.
//   pointCoords  (B, N, 2) float32
//   pointLabels  (B, N) int64: 1 foreground, 0 background, -1 padding
//   boxes        (B, 4) float32, XYXY
//   masks        (B, 1, 256, 256) float32 low-res logits (a previous prediction)
// No prompt at all is SAM's prompt-free (automatic) mode.

#include <ATen/core/Tensor.h>

#include <optional>

namespace delineate::sam {

struct PromptTensors {
    std::optional<at::Tensor> pointCoords;
    std::optional<at::Tensor> pointLabels;
    std::optional<at::Tensor> boxes;
    std::optional<at::Tensor> masks;
};

} // namespace delineate::sam
