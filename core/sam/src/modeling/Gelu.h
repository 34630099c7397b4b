#pragma once
// torch::gelu for feature maps of either memory format, with the same values.
// LibTorch 1.13's CPU gelu is about twice as slow on a channels-last NCHW tensor as on a contiguous one
// (measured on 1 x 256 x 256 x 256: 260-300 ms against 130-160 ms, 2 threads); the channels-last maps of
// TinyViT's inference path therefore go through their contiguous NHWC view.

#include <torch/torch.h>

namespace delineate::sam::detail {

inline torch::Tensor featureGelu(const torch::Tensor& x)
{
    if (x.dim() == 4 && !x.is_contiguous() && x.is_contiguous(torch::MemoryFormat::ChannelsLast))
        return torch::gelu(x.permute({0, 2, 3, 1})).permute({0, 3, 1, 2});
    return torch::gelu(x);
}

} // namespace delineate::sam::detail
