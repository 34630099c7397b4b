#include "modeling/Conv2dBn.h"

namespace delineate::sam::detail {

Conv2dBnImpl::Conv2dBnImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride,
                           std::int64_t pad, std::int64_t groups)
{
    m_conv = register_module("c", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel)
                                                        .stride(stride)
                                                        .padding(pad)
                                                        .groups(groups)
                                                        .bias(false)));
    m_bn = register_module("bn", torch::nn::BatchNorm2d(out));
}

torch::Tensor Conv2dBnImpl::forward(const torch::Tensor& x)
{
    return m_bn(m_conv(x));
}

} // namespace delineate::sam::detail
