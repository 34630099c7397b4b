#pragma once
// TinyViT window attention with learned attention biases (MobileSAM tiny_vit_sam.py Attention).
//   input (B*windows, N = ws*ws, C) -> LayerNorm -> qkv laid out PER HEAD:
//   view(B, N, heads, 3*key_dim) split [q_h | k_h | v_h]; key_dim = C / heads, attn_ratio 1.
//   attn = q k^T * key_dim^-0.5 + attention_biases[:, idxs]; softmax; proj.
// attention_bias_idxs is not in checkpoints: rebuilt here from the window size (offset
// (|dy|,|dx|) numbered in order of first appearance over all point pairs). The bias table is
// gathered from attention_biases on every call, so there is no stale cache after loading.
// Keys: norm.*, qkv.*, proj.*, attention_biases (heads, ws*ws).
//
// LoRA (finetune-SAM on MobileSAM: models/sam_LoRa.py wraps blk.attn.qkv of every block of the
// chosen stages in the same _LoRA_qkv as for ViT): the q delta is added to the FIRST C outputs of
// qkv and the v delta to the LAST C outputs. With TinyViT's per-head layout those are not exactly
// q and v (the first C channels are [q_0 k_0 v_0 q_1 ...]); reproduced as is so that finetune-SAM
// vit_t LoRA checkpoints load and behave as in the reference. Keys then: qkv.qkv.*,
// qkv.linear_{a,b}_{q,v}.weight.

#include "modeling/LoraQkv.h"

#include <torch/torch.h>

namespace delineate::sam::detail {

class TinyVitAttentionImpl : public torch::nn::Module {
public:
    TinyVitAttentionImpl(std::int64_t dim, std::int64_t keyDim, std::int64_t numHeads,
                         std::int64_t windowSize);
    torch::Tensor forward(const torch::Tensor& x);

    // Wraps qkv in a LoraQkv (see above); B matrices start at zero, so the output is unchanged.
    void enableLora(std::int64_t rank);
    [[nodiscard]] bool hasLora() const { return !m_lora.is_empty(); }

    // (N, N) int64 table of offset indexes (exposed for tests).
    [[nodiscard]] const torch::Tensor& biasIndexes() const { return m_biasIdxs; }

private:
    torch::nn::LayerNorm m_norm{nullptr};
    torch::nn::Linear m_qkv{nullptr};
    LoraQkv m_lora{nullptr}; // wraps m_qkv when LoRA is enabled
    torch::nn::Linear m_proj{nullptr};
    torch::Tensor m_attentionBiases;
    torch::Tensor m_biasIdxs;
    std::int64_t m_numHeads;
    std::int64_t m_keyDim;
    double m_scale;
};
TORCH_MODULE(TinyVitAttention);

} // namespace delineate::sam::detail
