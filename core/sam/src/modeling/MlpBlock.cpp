#include "modeling/MlpBlock.h"

namespace delineate::sam::detail {

torch::Tensor applyActivation(const torch::Tensor& x, Activation activation)
{
    return activation == Activation::Gelu ? torch::gelu(x) : torch::relu(x);
}

MlpBlockImpl::MlpBlockImpl(std::int64_t embeddingDim, std::int64_t mlpDim, Activation activation)
    : m_activation(activation)
{
    m_lin1 = register_module("lin1", torch::nn::Linear(embeddingDim, mlpDim));
    m_lin2 = register_module("lin2", torch::nn::Linear(mlpDim, embeddingDim));
}

torch::Tensor MlpBlockImpl::forward(const torch::Tensor& x)
{
    return m_lin2(applyActivation(m_lin1(x), m_activation));
}

} // namespace delineate::sam::detail
