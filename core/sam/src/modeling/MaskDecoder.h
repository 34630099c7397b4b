#pragma once
// SAM mask decoder (segment-anything modeling/mask_decoder.py MaskDecoder).
//   image_embeddings (B, 256, 64, 64), image_pe (1, 256, 64, 64),
//   sparse (Bp, N, 256), dense (Bp, 256, 64, 64)
//   -> masks (Bp, M, 256, 256) low-res logits, iou (Bp, M)
// Tokens = [iou_token, mask_tokens (numMultimaskOutputs + 1)] + sparse prompts. The image
// embedding is repeated for each prompt batch entry when B == 1 (repeat_interleave by Bp).
// multimask: tokens 1.. (numMultimaskOutputs masks); otherwise token 0 (one mask).
// Keys: transformer.*, iou_token, mask_tokens, output_upscaling.{0,1,3},
// output_hypernetworks_mlps.N.layers.*, iou_prediction_head.layers.*

#include "modeling/LayerNorm2d.h"
#include "modeling/MaskDecoderMlp.h"
#include "modeling/TwoWayTransformer.h"

#include <torch/torch.h>

#include <utility>
#include <vector>

namespace delineate::sam::detail {

struct MaskDecoderOptions {
    std::int64_t transformerDim = 256;
    std::int64_t numMultimaskOutputs = 3;
    std::int64_t transformerDepth = 2;
    std::int64_t transformerHeads = 8;
    std::int64_t transformerMlpDim = 2048;
    std::int64_t attentionDownsampleRate = 2;
    std::int64_t iouHeadDepth = 3;
    std::int64_t iouHeadHiddenDim = 256;
};

class MaskDecoderImpl : public torch::nn::Module {
public:
    explicit MaskDecoderImpl(const MaskDecoderOptions& options);

    // Returns {masks (B, M, 256, 256), iou (B, M)}.
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& imageEmbeddings,
                                                    const torch::Tensor& imagePe, const torch::Tensor& sparse,
                                                    const torch::Tensor& dense, bool multimaskOutput);
    // All tokens: {masks (B, numMultimaskOutputs + 1, 256, 256), iou (B, numMultimaskOutputs + 1)}.
    std::pair<torch::Tensor, torch::Tensor> predictMasks(const torch::Tensor& imageEmbeddings,
                                                         const torch::Tensor& imagePe,
                                                         const torch::Tensor& sparse,
                                                         const torch::Tensor& dense);

    TwoWayTransformer& transformer() { return m_transformer; }
    [[nodiscard]] std::int64_t numMaskTokens() const { return m_numMaskTokens; }

private:
    // output_upscaling without autograd, on channels-last (B, HW, C) input: (B, 16 HW, C / 8).
    torch::Tensor upscaleChannelsLast(const torch::Tensor& tokens, std::int64_t h, std::int64_t w);

    std::int64_t m_numMaskTokens;
    TwoWayTransformer m_transformer{nullptr};
    torch::nn::Embedding m_iouToken{nullptr};
    torch::nn::Embedding m_maskTokens{nullptr};
    torch::nn::Sequential m_upscaling{nullptr};
    torch::nn::ConvTranspose2d m_upscale1{nullptr};
    LayerNorm2d m_upscaleNorm{nullptr};
    torch::nn::ConvTranspose2d m_upscale2{nullptr};
    torch::nn::ModuleList m_hyperList{nullptr};
    std::vector<MaskDecoderMlp> m_hypernetworks;
    MaskDecoderMlp m_iouHead{nullptr};
};
TORCH_MODULE(MaskDecoder);

} // namespace delineate::sam::detail
