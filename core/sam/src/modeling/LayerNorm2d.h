#pragma once
// Channel-wise LayerNorm for NCHW tensors (segment-anything modeling/common.py LayerNorm2d).

#include <torch/torch.h>

namespace delineate::sam::detail {

// Input and output: (B, C, H, W). Normalises over C at every pixel, then applies the
// per-channel affine weight/bias. Parameters: weight (C), bias (C).
class LayerNorm2dImpl : public torch::nn::Module {
public:
    explicit LayerNorm2dImpl(std::int64_t channels, double eps = 1e-6);
    torch::Tensor forward(const torch::Tensor& x);
    // The same normalisation of (..., C) channels-last input: a plain LayerNorm over the last dim.
    torch::Tensor forwardChannelsLast(const torch::Tensor& x);

private:
    torch::Tensor m_weight;
    torch::Tensor m_bias;
    double m_eps;
};
TORCH_MODULE(LayerNorm2d);

} // namespace delineate::sam::detail
