#pragma once
// Attention of the two-way transformer (segment-anything modeling/transformer.py Attention):
// q/k/v projections to embedding_dim / downsample_rate, heads, softmax(q k^T / sqrt(c)), out_proj.
//   q (B, Nq, C), k (B, Nk, C), v (B, Nk, C) -> (B, Nq, C). Batch 1 broadcasts against B.
// Keys: {q,k,v,out}_proj.*; with LoRA: {q,v}_proj.{proj,w_a,w_b}.*

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
    torch::nn::AnyModule m_q;
    torch::nn::AnyModule m_v;
    torch::nn::Linear m_qLinear{nullptr};
    torch::nn::Linear m_kLinear{nullptr};
    torch::nn::Linear m_vLinear{nullptr};
    torch::nn::Linear m_out{nullptr};
    std::int64_t m_numHeads;
    bool m_lora = false;
};
TORCH_MODULE(DecoderAttention);

} // namespace delineate::sam::detail
