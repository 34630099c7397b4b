#include "modeling/Conv2dBn.h"

namespace delineate::sam::detail {

Conv2dBnImpl::Conv2dBnImpl(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride,
                           std::int64_t pad, std::int64_t groups)
    : m_stride(stride), m_pad(pad), m_groups(groups)
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
    if (is_training() || torch::GradMode::is_enabled())
        return m_bn(m_conv(x));
    // Inference: BatchNorm's affine map folded into the convolution (one pass over the output instead of
    // two). The factors as LibTorch's CPU batch_norm forms them
    // (batch_norm_cpu_collect_linear_and_constant_terms): alpha = weight / sqrt(var + eps), beta = bias -
    // mean * alpha; conv(x, w) * alpha + beta = conv(x, w * alpha) + beta.
    const torch::nn::BatchNormOptions& norm = m_bn->options;
    const torch::Tensor alpha = m_bn->weight * (1.0 / torch::sqrt(m_bn->running_var + norm.eps()));
    const torch::Tensor beta = m_bn->bias - m_bn->running_mean * alpha;
    return torch::conv2d(x, m_conv->weight * alpha.view({-1, 1, 1, 1}), beta, m_stride, m_pad, 1, m_groups);
}

} // namespace delineate::sam::detail
