#pragma once
// One block of the two-way transformer (segment-anything modeling/transformer.py
// TwoWayAttentionBlock): self-attention of the tokens, tokens -> image cross-attention,
// MLP (ReLU) on the tokens, image -> tokens cross-attention; LayerNorm (eps 1e-5) after each.
//   queries (B, Nt, C), keys (B, 4096, C) with their positional encodings of the same shapes.
// finetune-SAM adapters (optional): one shared "Adapter" (with skip) applied to the queries after
// the token->image attention AND to the keys after the image->token attention, and
// + 0.5 * MLP_Adapter(queries) next to the MLP.
// Keys: self_attn, norm1, cross_attn_token_to_image, norm2, mlp.lin{1,2}, norm3, norm4,
// cross_attn_image_to_token, [Adapter, MLP_Adapter].

#include "modeling/Adapter.h"
#include "modeling/DecoderAttention.h"
#include "modeling/MlpBlock.h"

#include <torch/torch.h>

#include <utility>

namespace delineate::sam::detail {

class TwoWayAttentionBlockImpl : public torch::nn::Module {
public:
    TwoWayAttentionBlockImpl(std::int64_t dim, std::int64_t numHeads, std::int64_t mlpDim,
                             std::int64_t attentionDownsampleRate, bool skipFirstLayerPe);

    // Returns {queries, keys}.
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& queries, const torch::Tensor& keys,
                                                    const torch::Tensor& queryPe, const torch::Tensor& keyPe);

    void enableAdapters();
    void enableLora(std::int64_t rank);
    [[nodiscard]] bool hasAdapters() const { return !m_adapter.is_empty(); }

private:
    std::int64_t m_dim;
    bool m_skipFirstLayerPe;
    DecoderAttention m_selfAttn{nullptr};
    torch::nn::LayerNorm m_norm1{nullptr};
    DecoderAttention m_crossTokenToImage{nullptr};
    torch::nn::LayerNorm m_norm2{nullptr};
    MlpBlock m_mlp{nullptr};
    torch::nn::LayerNorm m_norm3{nullptr};
    torch::nn::LayerNorm m_norm4{nullptr};
    DecoderAttention m_crossImageToToken{nullptr};
    Adapter m_adapter{nullptr};
    Adapter m_mlpAdapter{nullptr};
};
TORCH_MODULE(TwoWayAttentionBlock);

} // namespace delineate::sam::detail
