#pragma once
// Two-way transformer of the mask decoder (segment-anything modeling/transformer.py).
//   image_embedding (B, C, 64, 64), image_pe (B, C, 64, 64), point_embedding (B, Nt, C)
//   -> {queries (B, Nt, C), keys (B, 4096, C)}
// Keys: layers.N.*, final_attn_token_to_image.*, norm_final_attn.*

#include "modeling/DecoderAttention.h"
#include "modeling/TwoWayAttentionBlock.h"

#include <torch/torch.h>

#include <utility>
#include <vector>

namespace delineate::sam::detail {

class TwoWayTransformerImpl : public torch::nn::Module {
public:
    TwoWayTransformerImpl(std::int64_t depth, std::int64_t embeddingDim, std::int64_t numHeads,
                          std::int64_t mlpDim, std::int64_t attentionDownsampleRate);

    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& imageEmbedding,
                                                    const torch::Tensor& imagePe,
                                                    const torch::Tensor& pointEmbedding);

    [[nodiscard]] std::size_t layerCount() const { return m_layers.size(); }
    TwoWayAttentionBlock& layer(std::size_t index) { return m_layers[index]; }
    DecoderAttention& finalAttention() { return m_finalAttn; }

private:
    torch::nn::ModuleList m_layerList{nullptr};
    std::vector<TwoWayAttentionBlock> m_layers;
    DecoderAttention m_finalAttn{nullptr};
    torch::nn::LayerNorm m_normFinal{nullptr};
};
TORCH_MODULE(TwoWayTransformer);

} // namespace delineate::sam::detail
