#pragma once
// SAM prompt encoder (segment-anything modeling/prompt_encoder.py PromptEncoder).
// Frames: point and box coordinates are (x, y) pixels of the 1024x1024 model input frame
// (after ResizeLongestSide), NOT normalised; +0.5 is added here (pixel centres).
//   points: coords (B, N, 2) float, labels (B, N) int64: 1 foreground, 0 background,
//           -1 padding (embedding zeroed, not_a_point_embed added)
//   boxes:  (B, 4) float XYXY; corners get point_embeddings[2] / [3]
//   masks:  (B, 1, 256, 256) low-res logits -> mask_downscaling -> (B, 256, 64, 64)
// Output: sparse (B, N', 256) and dense (B, 256, 64, 64). Without a box a padding point is
// appended to the points. Without any prompt: sparse (1, 0, 256), dense = no_mask_embed.

#include "modeling/PositionEmbeddingRandom.h"
#include "sam/PromptTensors.h"

#include <torch/torch.h>

#include <optional>
#include <utility>

namespace delineate::sam::detail {

// The prompts' shapes and frame: sam/PromptTensors.h.
using sam::PromptTensors;

class PromptEncoderImpl : public torch::nn::Module {
public:
    PromptEncoderImpl(std::int64_t embedDim, std::int64_t imageEmbeddingSize, std::int64_t inputImageSize,
                      std::int64_t maskInChans);

    // Returns {sparse (B, N', C), dense (B, C, 64, 64)}.
    std::pair<torch::Tensor, torch::Tensor> forward(const PromptTensors& prompts);
    // (1, C, 64, 64) positional encoding of the image embedding grid.
    torch::Tensor densePe();

    torch::Tensor embedPoints(const torch::Tensor& coords, const torch::Tensor& labels, bool pad);
    torch::Tensor embedBoxes(const torch::Tensor& boxes);
    torch::Tensor embedMasks(const torch::Tensor& masks);

private:
    std::int64_t m_embedDim;
    std::int64_t m_embeddingSize;
    std::int64_t m_inputSize;
    PositionEmbeddingRandom m_pe{nullptr};
    torch::nn::ModuleList m_pointEmbeddingList{nullptr};
    std::vector<torch::nn::Embedding> m_pointEmbeddings;
    torch::nn::Embedding m_notAPoint{nullptr};
    torch::nn::Sequential m_maskDownscaling{nullptr};
    torch::nn::Embedding m_noMask{nullptr};
};
TORCH_MODULE(PromptEncoder);

} // namespace delineate::sam::detail
