#pragma once
// Prepares a loaded model for one training strategy (internal; torch):
// injects the PEFT layers (finetune-SAM placement, TrainingSettings.h) and makes exactly the
// strategy's parameters trainable.
//   Vanilla  Decoder: prompt_encoder.* and mask_decoder.*; EncoderDecoder: everything
//   Adapter / Lora   only the PEFT tensors (PeftWeights::isPeftTensor) of the scope, so that the
//            saved adapter file holds everything that was trained
// Deliberate difference from finetune-SAM: BatchNorm statistics stay frozen (the model stays in
// eval mode; SAM has no dropout), so a saved adapter works on the unchanged base checkpoint.

#include "sam/SamConfig.h"
#include "base/Result.h"
#include "modeling/Sam.h"
#include "train/TrainingSettings.h"

#include <torch/torch.h>

namespace delineate::train::detail {

class StrategySetup {
public:
    // The PEFT layers the strategy needs on a model with this configuration (method None for
    // Vanilla). Error (InvalidArgument) for LoRA on a TinyViT encoder.
    static Result<sam::PeftConfig> peftFor(const sam::SamConfig& config, const TrainingSettings& settings);

    // Applies the PEFT layers and selects the trainable parameters; returns them in model order.
    static Result<std::vector<torch::Tensor>> apply(sam::detail::Sam& model, const TrainingSettings& settings);
};

} // namespace delineate::train::detail
