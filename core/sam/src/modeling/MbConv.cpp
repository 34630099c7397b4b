#include "modeling/MbConv.h"

#include "modeling/Gelu.h"

namespace delineate::sam::detail {

MbConvImpl::MbConvImpl(std::int64_t channels, double expandRatio)
{
    const auto hidden = static_cast<std::int64_t>(static_cast<double>(channels) * expandRatio);
    m_conv1 = register_module("conv1", Conv2dBn(channels, hidden, 1));
    m_conv2 = register_module("conv2", Conv2dBn(hidden, hidden, 3, 1, 1, hidden));
    m_conv3 = register_module("conv3", Conv2dBn(hidden, channels, 1));
}

torch::Tensor MbConvImpl::forward(const torch::Tensor& x)
{
    torch::Tensor y = featureGelu(m_conv1(x));
    y = featureGelu(m_conv2(y));
    y = m_conv3(y);
    return featureGelu(y + x);
}

} // namespace delineate::sam::detail
