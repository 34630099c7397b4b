#pragma once
// Multi-head self-attention of the SAM ViT with decomposed relative position embeddings
// (segment-anything modeling/image_encoder.py Attention).
// Input/output (B, H, W, C); qkv layout [q | k | v] (reshape B, HW, 3, heads, head_dim).
// Parameters: qkv.{weight,bias} (3C, C), proj.{weight,bias}, rel_pos_h / rel_pos_w
// (2*size-1, head_dim) where size is the window size (windowed) or 64 (global).

#include <torch/torch.h>

namespace delineate::sam::detail {

class VitAttentionImpl : public torch::nn::Module {
public:
    VitAttentionImpl(std::int64_t dim, std::int64_t numHeads, bool qkvBias, bool useRelPos,
                     std::int64_t inputSize);
    torch::Tensor forward(const torch::Tensor& x);

    // Wraps qkv in a LoraQkv (keys become attn.qkv.qkv.*, attn.qkv.linear_{a,b}_{q,v}.weight).
    void enableLora(std::int64_t rank);
    [[nodiscard]] bool hasLora() const { return m_lora; }

private:
    torch::nn::AnyModule m_qkv;
    torch::nn::Linear m_qkvLinear{nullptr};
    torch::nn::Linear m_proj{nullptr};
    torch::Tensor m_relPosH;
    torch::Tensor m_relPosW;
    std::int64_t m_numHeads;
    double m_scale;
    bool m_useRelPos;
    bool m_lora = false;
};
TORCH_MODULE(VitAttention);

// attn (B*heads, qh*qw, kh*kw) + decomposed relative position terms of q (B*heads, qh*qw, C).
torch::Tensor addDecomposedRelPos(const torch::Tensor& attn, const torch::Tensor& q,
                                  const torch::Tensor& relPosH, const torch::Tensor& relPosW, std::int64_t qh,
                                  std::int64_t qw, std::int64_t kh, std::int64_t kw);

} // namespace delineate::sam::detail
