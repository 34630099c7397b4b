#pragma once
// SAM ViT image encoder (segment-anything modeling/image_encoder.py ImageEncoderViT).
//   input (B, 3, 1024, 1024) -> patch_embed (16x16 conv) -> (B, 64, 64, C) + pos_embed
//   -> blocks (windowed 14x14 with zero padding, or global at the configured indexes)
//   -> neck (1x1 conv, LayerNorm2d, 3x3 conv, LayerNorm2d; eps 1e-6) -> (B, 256, 64, 64).
// Keys: patch_embed.proj.*, pos_embed (1, 64, 64, C), blocks.N.*, neck.{0,1,2,3}.*

#include "modeling/ImageEncoder.h"
#include "modeling/VitBlock.h"
#include "sam/SamConfig.h"

#include <torch/torch.h>

#include <vector>

namespace delineate::sam::detail {

class ImageEncoderViT : public ImageEncoder {
public:
    explicit ImageEncoderViT(const VitEncoderConfig& config);
    torch::Tensor forward(const torch::Tensor& x) override;

    [[nodiscard]] std::size_t blockCount() const { return m_blocks.size(); }
    VitBlock& block(std::size_t index) { return m_blocks[index]; }

private:
    VitEncoderConfig m_config;
    torch::nn::Sequential m_patchEmbed{nullptr};
    torch::Tensor m_posEmbed;
    torch::nn::ModuleList m_blockList{nullptr};
    std::vector<VitBlock> m_blocks;
    torch::nn::Sequential m_neck{nullptr};
};

// neck: Conv1x1 (no bias), LayerNorm2d, Conv3x3 (no bias), LayerNorm2d, all eps 1e-6.
torch::nn::Sequential makeNeck(std::int64_t inChans, std::int64_t outChans);

} // namespace delineate::sam::detail
