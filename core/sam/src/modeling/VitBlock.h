#pragma once
// ViT transformer block with windowed or global attention (segment-anything
// modeling/image_encoder.py Block), optionally with finetune-SAM adapters.
// Input/output (B, H, W, C) with H = W = 64 tokens for a 1024 input.
// windowSize > 0: zero-pad H, W to a multiple of the window, attend within each window.
// Parameters: norm1, attn.*, norm2, mlp.lin{1,2}; adapters: Space_Adapter.*, MLP_Adapter.*.

#include "modeling/Adapter.h"
#include "modeling/MlpBlock.h"
#include "modeling/VitAttention.h"

#include <torch/torch.h>

namespace delineate::sam::detail {

struct VitBlockOptions {
    std::int64_t dim = 768;
    std::int64_t numHeads = 12;
    double mlpRatio = 4.0;
    bool qkvBias = true;
    bool useRelPos = true;
    std::int64_t windowSize = 0; // 0: global attention
    std::int64_t inputSize = 64; // tokens per side (rel-pos table size when global)
    bool normAfterWindowPartition = false;
};

class VitBlockImpl : public torch::nn::Module {
public:
    explicit VitBlockImpl(const VitBlockOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

    VitAttention& attention() { return m_attn; }
    // finetune-SAM encoder adapters: x = Space_Adapter(attn(x)) inside the residual,
    // and + 0.5 * MLP_Adapter(norm2(x)) next to the MLP branch.
    void enableAdapters();
    [[nodiscard]] bool hasAdapters() const { return !m_spaceAdapter.is_empty(); }

private:
    VitBlockOptions m_options;
    torch::nn::LayerNorm m_norm1{nullptr};
    VitAttention m_attn{nullptr};
    torch::nn::LayerNorm m_norm2{nullptr};
    MlpBlock m_mlp{nullptr};
    Adapter m_spaceAdapter{nullptr};
    Adapter m_mlpAdapter{nullptr};
};
TORCH_MODULE(VitBlock);

} // namespace delineate::sam::detail
