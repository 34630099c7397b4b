#pragma once
// TinyViT window attention with learned attention biases (MobileSAM tiny_vit_sam.py Attention).
//   input (B*windows, N = ws*ws, C) -> LayerNorm -> qkv laid out PER HEAD:
//   view(B, N, heads, 3*key_dim) split [q_h | k_h | v_h]; key_dim = C / heads, attn_ratio 1.
//   attn = q k^T * key_dim^-0.5 + attention_biases[:, idxs]; softmax; proj.
// attention_bias_idxs is not in checkpoints: rebuilt here from the window size (offset
// (|dy|,|dx|) numbered in order of first appearance over all point pairs). The bias table is
// gathered from attention_biases on every call, so there is no stale cache after loading.
// Keys: norm.*, qkv.*, proj.*, attention_biases (heads, ws*ws).

#include <torch/torch.h>

namespace delineate::sam::detail {

class TinyVitAttentionImpl : public torch::nn::Module {
public:
    TinyVitAttentionImpl(std::int64_t dim, std::int64_t keyDim, std::int64_t numHeads, std::int64_t windowSize);
    torch::Tensor forward(const torch::Tensor& x);

    // (N, N) int64 table of offset indexes (exposed for tests).
    [[nodiscard]] const torch::Tensor& biasIndexes() const { return m_biasIdxs; }

private:
    torch::nn::LayerNorm m_norm{nullptr};
    torch::nn::Linear m_qkv{nullptr};
    torch::nn::Linear m_proj{nullptr};
    torch::Tensor m_attentionBiases;
    torch::Tensor m_biasIdxs;
    std::int64_t m_numHeads;
    std::int64_t m_keyDim;
    double m_scale;
};
TORCH_MODULE(TinyVitAttention);

} // namespace delineate::sam::detail
