#pragma once
// The whole model (segment-anything modeling/sam.py Sam): image_encoder, prompt_encoder,
// mask_decoder, built from a SamConfig (including its PEFT layers, so that the state-dict keys
// match the checkpoint that config was inferred from). Built in eval mode.
// pixel_mean / pixel_std are not here: preprocessing lives in ImagePreprocessor.

#include "modeling/ImageEncoder.h"
#include "modeling/MaskDecoder.h"
#include "modeling/PromptEncoder.h"
#include "sam/SamConfig.h"

#include <torch/torch.h>

#include <memory>

namespace delineate::sam::detail {

class Sam : public torch::nn::Module {
public:
    explicit Sam(const SamConfig& config);

    [[nodiscard]] const SamConfig& config() const { return m_config; }
    ImageEncoder& imageEncoder() { return *m_imageEncoder; }
    PromptEncoder& promptEncoder() { return m_promptEncoder; }
    MaskDecoder& maskDecoder() { return m_maskDecoder; }

    // Injects LoRA or adapter layers into this (possibly already loaded) model and records the
    // placement in config().peft. New B matrices are zero, so outputs do not change until trained
    // or loaded; adapters get fresh random weights.
    void applyPeft(const PeftConfig& peft);

    // Low-res logits (B, M, 256, 256) -> (B, M, origH, origW): bilinear (align_corners false)
    // to imageSize^2, crop to inputH x inputW (the unpadded resized image), bilinear to original.
    static torch::Tensor postprocessMasks(const torch::Tensor& masks, std::int64_t inputH,
                                          std::int64_t inputW, std::int64_t originalH, std::int64_t originalW,
                                          std::int64_t imageSize = 1024);
    // The same for float32 CPU masks in inference (no autograd), written to dst (B x M x origH x origW
    // floats): what predict uses to fill SamPrediction::masks without an intermediate tensor.
    static void postprocessMasksInto(const torch::Tensor& masks, std::int64_t inputH, std::int64_t inputW,
                                     std::int64_t originalH, std::int64_t originalW, std::int64_t imageSize,
                                     float* dst);

private:
    SamConfig m_config;
    std::shared_ptr<ImageEncoder> m_imageEncoder;
    PromptEncoder m_promptEncoder{nullptr};
    MaskDecoder m_maskDecoder{nullptr};
};

} // namespace delineate::sam::detail
