#include "modeling/LoraQkv.h"

namespace delineate::sam::detail {

namespace {
torch::nn::Linear noBias(std::int64_t in, std::int64_t out)
{
    return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
}
} // namespace

LoraQkvImpl::LoraQkvImpl(torch::nn::Linear qkv, std::int64_t rank)
{
    m_dim = qkv->options.in_features();
    m_qkv = register_module("qkv", std::move(qkv));
    m_aQ = register_module("linear_a_q", noBias(m_dim, rank));
    m_bQ = register_module("linear_b_q", noBias(rank, m_dim));
    m_aV = register_module("linear_a_v", noBias(m_dim, rank));
    m_bV = register_module("linear_b_v", noBias(rank, m_dim));
    torch::NoGradGuard noGrad;
    m_bQ->weight.zero_();
    m_bV->weight.zero_();
}

torch::Tensor LoraQkvImpl::forward(const torch::Tensor& x)
{
    torch::Tensor qkv = m_qkv(x);
    const torch::Tensor deltaQ = m_bQ(m_aQ(x));
    const torch::Tensor deltaV = m_bV(m_aV(x));
    const std::int64_t total = qkv.size(-1);
    // Out-of-place so autograd stays valid when the adapter is trained.
    return torch::cat({qkv.narrow(-1, 0, m_dim) + deltaQ, qkv.narrow(-1, m_dim, total - 2 * m_dim),
                       qkv.narrow(-1, total - m_dim, m_dim) + deltaV},
                      -1);
}

} // namespace delineate::sam::detail
