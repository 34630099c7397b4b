#pragma once
// One TinyViT stage = image_encoder.layers.N (MobileSAM ConvLayer for N = 0, BasicLayer after):
// blocks.M (MBConv or TinyViTBlock) followed by an optional PatchMerging "downsample".
//   stage 0: (B, C, 256, 256) NCHW in, (B, L, C') out after downsample
//   stages 1..: (B, L, C) in and out, L = resolution^2

#include "modeling/MbConv.h"
#include "modeling/PatchMerging.h"
#include "modeling/TinyVitBlock.h"

#include <torch/torch.h>

#include <functional>
#include <optional>
#include <vector>

namespace delineate::sam::detail {

struct TinyVitStageOptions {
    bool convolutional = false; // stage 0: MBConv blocks
    std::int64_t dim = 64;
    std::int64_t resolution = 256;
    std::int64_t depth = 2;
    std::int64_t numHeads = 1;
    std::int64_t windowSize = 7;
    double mlpRatio = 4.0;
    double mbconvExpandRatio = 4.0;
    std::int64_t localConvSize = 3;
    std::optional<std::int64_t> downsampleTo; // out_dim of the PatchMerging, if any
};

class TinyVitStageImpl : public torch::nn::Module {
public:
    explicit TinyVitStageImpl(const TinyVitStageOptions& options);
    // `betweenBlocks` (optional) runs before every block: the encoder's stop check.
    torch::Tensor forward(const torch::Tensor& x, const std::function<void()>& betweenBlocks = {});

    [[nodiscard]] std::int64_t outputResolution() const;
    [[nodiscard]] std::int64_t outputDim() const;
    // Adapters in every transformer block of this stage (finetune-SAM placement).
    void enableAdapters();
    // LoRA on the attention qkv of every transformer block of this stage (finetune-SAM placement).
    void enableLora(std::int64_t rank);

private:
    TinyVitStageOptions m_options;
    torch::nn::ModuleList m_blockList{nullptr};
    std::vector<MbConv> m_convBlocks;
    std::vector<TinyVitBlock> m_vitBlocks;
    PatchMerging m_downsample{nullptr};
};
TORCH_MODULE(TinyVitStage);

} // namespace delineate::sam::detail
