#pragma once
// TinyViT inverted residual block of stage 0 (MobileSAM tiny_vit_sam.py MBConv):
//   x -> conv1 (1x1, expand) -> GELU -> conv2 (3x3 depthwise) -> GELU -> conv3 (1x1) -> + x -> GELU
// NCHW in and out. Keys conv{1,2,3}.{c,bn}.*

#include "modeling/Conv2dBn.h"

#include <torch/torch.h>

namespace delineate::sam::detail {

class MbConvImpl : public torch::nn::Module {
public:
    MbConvImpl(std::int64_t channels, double expandRatio);
    torch::Tensor forward(const torch::Tensor& x);

private:
    Conv2dBn m_conv1{nullptr};
    Conv2dBn m_conv2{nullptr};
    Conv2dBn m_conv3{nullptr};
};
TORCH_MODULE(MbConv);

} // namespace delineate::sam::detail
