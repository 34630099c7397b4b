#include "modeling/PatchMerging.h"

#include "modeling/Gelu.h"

namespace delineate::sam::detail {

PatchMergingImpl::PatchMergingImpl(std::int64_t inputResolution, std::int64_t dim, std::int64_t outDim)
    : m_inputResolution(inputResolution)
{
    const std::int64_t stride = (outDim == 320 || outDim == 448 || outDim == 576) ? 1 : 2;
    m_outputResolution = (inputResolution + 2 - 3) / stride + 1;
    m_conv1 = register_module("conv1", Conv2dBn(dim, outDim, 1));
    m_conv2 = register_module("conv2", Conv2dBn(outDim, outDim, 3, stride, 1, outDim));
    m_conv3 = register_module("conv3", Conv2dBn(outDim, outDim, 1));
}

torch::Tensor PatchMergingImpl::forward(const torch::Tensor& input)
{
    torch::Tensor x = input;
    if (x.dim() == 3)
        x = x.view({x.size(0), m_inputResolution, m_inputResolution, -1}).permute({0, 3, 1, 2});
    x = featureGelu(m_conv1(x));
    x = featureGelu(m_conv2(x));
    x = m_conv3(x);
    return x.flatten(2).transpose(1, 2);
}

} // namespace delineate::sam::detail
