#pragma once
// TinyViT transformer block (MobileSAM tiny_vit_sam.py TinyViTBlock), optionally with the
// finetune-SAM adapters:
//   x (B, L, C), L = res*res -> window attention (zero pad to a multiple of ws, partition,
//   attention, unpartition, crop) [-> Space_Adapter] -> + x
//   -> local 3x3 depthwise Conv2d_BN on the (B, C, res, res) map
//   -> + mlp(x) (mlp = LayerNorm, fc1, GELU, fc2) [+ 0.5 * MLP_Adapter(x)]
// Keys: attn.*, local_conv.{c,bn}.*, mlp.{norm,fc1,fc2}.*, Space_Adapter.*, MLP_Adapter.*

#include "modeling/Adapter.h"
#include "modeling/Conv2dBn.h"
#include "modeling/TinyVitAttention.h"

#include <torch/torch.h>

namespace delineate::sam::detail {

class TinyVitBlockImpl : public torch::nn::Module {
public:
    TinyVitBlockImpl(std::int64_t dim, std::int64_t resolution, std::int64_t numHeads,
                     std::int64_t windowSize, double mlpRatio, std::int64_t localConvSize);
    torch::Tensor forward(const torch::Tensor& x);

    void enableAdapters();
    void enableLora(std::int64_t rank) { m_attn->enableLora(rank); }
    [[nodiscard]] bool hasAdapters() const { return !m_spaceAdapter.is_empty(); }

private:
    torch::Tensor mlp(const torch::Tensor& x);

    std::int64_t m_dim;
    std::int64_t m_resolution;
    std::int64_t m_windowSize;
    TinyVitAttention m_attn{nullptr};
    torch::nn::ModuleDict m_mlp{nullptr};
    torch::nn::LayerNorm m_mlpNorm{nullptr};
    torch::nn::Linear m_fc1{nullptr};
    torch::nn::Linear m_fc2{nullptr};
    Conv2dBn m_localConv{nullptr};
    Adapter m_spaceAdapter{nullptr};
    Adapter m_mlpAdapter{nullptr};
};
TORCH_MODULE(TinyVitBlock);

} // namespace delineate::sam::detail
