#pragma once
// LoRA on a ViT attention's fused qkv Linear as finetune-SAM's _LoRA_qkv does it:
//   qkv = qkv_base(x); qkv[..., :dim] += b_q(a_q(x)); qkv[..., -dim:] += b_v(a_v(x))
// i.e. the deltas go to the q and v thirds of the ViT [q | k | v] layout; no scaling.
// Parameters: qkv.{weight,bias}, linear_a_q.weight (r, dim), linear_b_q.weight (dim, r),
// linear_a_v.weight, linear_b_v.weight.

#include <torch/torch.h>

namespace delineate::sam::detail {

class LoraQkvImpl : public torch::nn::Module {
public:
    // Wraps an existing qkv Linear (dim -> 3*dim). B matrices start at zero.
    LoraQkvImpl(torch::nn::Linear qkv, std::int64_t rank);
    // (..., dim) -> (..., 3*dim)
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Linear m_qkv{nullptr};
    torch::nn::Linear m_aQ{nullptr};
    torch::nn::Linear m_bQ{nullptr};
    torch::nn::Linear m_aV{nullptr};
    torch::nn::Linear m_bV{nullptr};
    std::int64_t m_dim = 0;
};
TORCH_MODULE(LoraQkv);

} // namespace delineate::sam::detail
