#pragma once
// Attention of the two-way transformer (segment-anything modeling/transformer.py Attention):
// q/k/v projections to embedding_dim / downsample_rate, heads, softmax(q k^T / sqrt(c)), out_proj.
//   q (B, Nq, C), k (B, Nk, C), v (B, Nk, C) -> (B, Nq, C). Batch 1 broadcasts against B.
// Keys: {q,k,v,out}_proj.*; with LoRA: {q,v}_proj.{proj,w_a,w_b}.*
//
// Without autograd (inference), cross-attention between a few tokens and the 64x64 image takes an
// equivalent, cheaper order of the same products. The projections of the 4096 image positions are
// what costs (4096 x 256 x 128 multiply-adds each); folding the projection into the few tokens' side
// instead -- logits_h = (q_h W_k,h) k^T + q_h b_k,h, and A_h (v W_v,h^T + b_v,h) = (A_h v) W_v,h^T +
// b_v,h since softmax rows sum to 1 (mirrored for image -> token with W_q,h and out_proj) -- needs
// heads x tokens x 256 per image position instead: about 2.3x fewer operations for a click's decode.
// Same arithmetic in another order: results differ from the reference by float rounding only
// (checked by the conformance tests at their tolerance).

#include "modeling/LoraLinear.h"

#include <torch/torch.h>

namespace delineate::sam::detail {

class DecoderAttentionImpl : public torch::nn::Module {
public:
    DecoderAttentionImpl(std::int64_t embeddingDim, std::int64_t numHeads, std::int64_t downsampleRate = 1);
    torch::Tensor forward(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);

    // finetune-SAM decoder LoRA: q_proj and v_proj become proj(x) + w_b(w_a(x)).
    void enableLora(std::int64_t rank);
    [[nodiscard]] bool hasLora() const { return m_lora; }

private:
    torch::Tensor forwardFewQueries(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);
    torch::Tensor forwardFewKeys(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);
    [[nodiscard]] torch::Tensor qWeight() const;
    [[nodiscard]] torch::Tensor vWeight() const;

    torch::nn::AnyModule m_q;
    torch::nn::AnyModule m_v;
    torch::nn::Linear m_qLinear{nullptr};
    torch::nn::Linear m_kLinear{nullptr};
    torch::nn::Linear m_vLinear{nullptr};
    torch::nn::Linear m_out{nullptr};
    LoraLinear m_qLora{nullptr};
    LoraLinear m_vLora{nullptr};
    std::int64_t m_numHeads;
    bool m_lora = false;
};
TORCH_MODULE(DecoderAttention);

} // namespace delineate::sam::detail
