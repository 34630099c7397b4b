#include "modeling/LayerNorm2d.h"

namespace delineate::sam::detail {

LayerNorm2dImpl::LayerNorm2dImpl(std::int64_t channels, double eps) : m_eps(eps)
{
    m_weight = register_parameter("weight", torch::ones({channels}));
    m_bias = register_parameter("bias", torch::zeros({channels}));
}

torch::Tensor LayerNorm2dImpl::forward(const torch::Tensor& x)
{
    // Same operation order as upstream: mean, centred second moment, divide by sqrt(s + eps).
    const torch::Tensor mean = x.mean(1, /*keepdim=*/true);
    const torch::Tensor centred = x - mean;
    const torch::Tensor variance = centred.pow(2).mean(1, /*keepdim=*/true);
    const torch::Tensor normalised = centred / torch::sqrt(variance + m_eps);
    return m_weight.view({-1, 1, 1}) * normalised + m_bias.view({-1, 1, 1});
}

torch::Tensor LayerNorm2dImpl::forwardChannelsLast(const torch::Tensor& x)
{
    return torch::layer_norm(x, {x.size(-1)}, m_weight, m_bias, m_eps);
}

} // namespace delineate::sam::detail
