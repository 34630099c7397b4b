#pragma once
// TinyViT downsampling between stages (MobileSAM tiny_vit_sam.py PatchMerging):
//   conv1 (1x1) -> GELU -> conv2 (3x3 depthwise, stride 2; stride 1 when out_dim is
//   320, 448 or 576 as upstream hard-codes) -> GELU -> conv3 (1x1) -> flatten to (B, L, C).
// Input: NCHW (after stage 0) or (B, L, C) with L = resolution^2.

#include "modeling/Conv2dBn.h"

#include <torch/torch.h>

namespace delineate::sam::detail {

class PatchMergingImpl : public torch::nn::Module {
public:
    PatchMergingImpl(std::int64_t inputResolution, std::int64_t dim, std::int64_t outDim);
    torch::Tensor forward(const torch::Tensor& x);

    [[nodiscard]] std::int64_t outputResolution() const { return m_outputResolution; }

private:
    Conv2dBn m_conv1{nullptr};
    Conv2dBn m_conv2{nullptr};
    Conv2dBn m_conv3{nullptr};
    std::int64_t m_inputResolution;
    std::int64_t m_outputResolution;
};
TORCH_MODULE(PatchMerging);

} // namespace delineate::sam::detail
