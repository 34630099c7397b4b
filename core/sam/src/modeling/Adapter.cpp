#include "modeling/Adapter.h"

namespace delineate::sam::detail {

AdapterImpl::AdapterImpl(std::int64_t dim, bool skipConnection, double hiddenRatio) : m_skip(skipConnection)
{
    const auto hidden = static_cast<std::int64_t>(static_cast<double>(dim) * hiddenRatio);
    m_fc1 = register_module("D_fc1", torch::nn::Linear(dim, hidden));
    m_fc2 = register_module("D_fc2", torch::nn::Linear(hidden, dim));
}

torch::Tensor AdapterImpl::forward(const torch::Tensor& x)
{
    torch::Tensor y = m_fc2(torch::gelu(m_fc1(x)));
    return m_skip ? x + y : y;
}

} // namespace delineate::sam::detail
