#pragma once
// LoRA around a Linear as finetune-SAM wraps the decoder q/v projections
// (models/sam_LoRa.py _LoRA_qkv_proj): y = proj(x) + w_b(w_a(x)), no alpha/r scaling.
// Parameters: proj.{weight,bias} (the wrapped base Linear), w_a.weight (r, in), w_b.weight (out, r).

#include <torch/torch.h>

namespace delineate::sam::detail {

class LoraLinearImpl : public torch::nn::Module {
public:
    // Wraps an existing Linear (weights shared, not copied). w_a gets Kaiming-uniform init
    // (as nn.Linear), w_b zeros, so a fresh wrapper does not change the output.
    LoraLinearImpl(torch::nn::Linear base, std::int64_t rank);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear& base() { return m_proj; }
    // proj.weight + w_b.weight @ w_a.weight: the single Linear this layer equals (out, in).
    [[nodiscard]] torch::Tensor effectiveWeight() const;

private:
    torch::nn::Linear m_proj{nullptr};
    torch::nn::Linear m_a{nullptr};
    torch::nn::Linear m_b{nullptr};
};
TORCH_MODULE(LoraLinear);

} // namespace delineate::sam::detail
