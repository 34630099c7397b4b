#pragma once
// Two-layer MLP lin1 -> activation -> lin2 (segment-anything modeling/common.py MLPBlock).
// The ViT encoder uses it with exact GELU, the two-way transformer with ReLU.

#include <torch/torch.h>

namespace delineate::sam::detail {

enum class Activation { Gelu, Relu };

// Input (..., embeddingDim) -> output (..., embeddingDim). Parameters lin1.{weight,bias},
// lin2.{weight,bias}.
class MlpBlockImpl : public torch::nn::Module {
public:
    MlpBlockImpl(std::int64_t embeddingDim, std::int64_t mlpDim, Activation activation);
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Linear m_lin1{nullptr};
    torch::nn::Linear m_lin2{nullptr};
    Activation m_activation;
};
TORCH_MODULE(MlpBlock);

// Exact (erf) GELU or ReLU.
torch::Tensor applyActivation(const torch::Tensor& x, Activation activation);

} // namespace delineate::sam::detail
