#pragma once
// MobileSAM image encoder vit_t (tiny_vit_sam.py TinyViT, img 1024):
//   patch_embed: Conv2d_BN(3, C0/2, 3, s2) -> GELU -> Conv2d_BN(C0/2, C0, 3, s2)  (B, C0, 256, 256)
//   layers.0: MBConv x depth0 + PatchMerging                                      (B, 128^2, C1)
//   layers.1..3: TinyViT blocks (+ PatchMerging; stride 1 into 320 channels)    (B, 64^2, C3)
//   -> (B, C3, 64, 64) -> neck (as ViT) -> (B, 256, 64, 64)
// norm_head / head (the unused 1000-class classifier) are registered so checkpoints load
// strictly; forward never runs them.

#include "modeling/ImageEncoder.h"
#include "modeling/TinyVitStage.h"
#include "sam/SamConfig.h"

#include <torch/torch.h>

#include <vector>

namespace delineate::sam::detail {

class TinyVit : public ImageEncoder {
public:
    explicit TinyVit(const TinyVitEncoderConfig& config);
    torch::Tensor forward(const torch::Tensor& x) override;

    [[nodiscard]] std::size_t stageCount() const { return m_stages.size(); }
    TinyVitStage& stage(std::size_t index) { return m_stages[index]; }

private:
    TinyVitEncoderConfig m_config;
    torch::nn::Sequential m_patchEmbedSeq{nullptr};
    torch::nn::ModuleList m_stageList{nullptr};
    std::vector<TinyVitStage> m_stages;
    torch::nn::Sequential m_neck{nullptr};
};

} // namespace delineate::sam::detail
