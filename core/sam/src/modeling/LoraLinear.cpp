#include "modeling/LoraLinear.h"

namespace delineate::sam::detail {

LoraLinearImpl::LoraLinearImpl(torch::nn::Linear base, std::int64_t rank)
{
    const std::int64_t in = base->options.in_features();
    const std::int64_t out = base->options.out_features();
    m_proj = register_module("proj", std::move(base));
    m_a = register_module("w_a", torch::nn::Linear(torch::nn::LinearOptions(in, rank).bias(false)));
    m_b = register_module("w_b", torch::nn::Linear(torch::nn::LinearOptions(rank, out).bias(false)));
    torch::NoGradGuard noGrad;
    m_b->weight.zero_();
}

torch::Tensor LoraLinearImpl::forward(const torch::Tensor& x)
{
    return m_proj(x) + m_b(m_a(x));
}

torch::Tensor LoraLinearImpl::effectiveWeight() const
{
    return m_proj->weight + m_b->weight.matmul(m_a->weight);
}

} // namespace delineate::sam::detail
