#pragma once
// Convolution without bias followed by BatchNorm2d (TinyViT Conv2d_BN).
// Keys: c.weight, bn.{weight,bias,running_mean,running_var,num_batches_tracked}.
// In eval mode BatchNorm uses the running statistics (the checkpoint's buffers); in inference (eval, no
// autograd) it is folded into the convolution's weights and bias.

#include <torch/torch.h>

namespace delineate::sam::detail {

class Conv2dBnImpl : public torch::nn::Module {
public:
    Conv2dBnImpl(std::int64_t in, std::int64_t out, std::int64_t kernel = 1, std::int64_t stride = 1,
                 std::int64_t pad = 0, std::int64_t groups = 1);
    // (B, in, H, W) -> (B, out, H', W')
    torch::Tensor forward(const torch::Tensor& x);

private:
    std::int64_t m_stride, m_pad, m_groups;
    torch::nn::Conv2d m_conv{nullptr};
    torch::nn::BatchNorm2d m_bn{nullptr};
};
TORCH_MODULE(Conv2dBn);

} // namespace delineate::sam::detail
