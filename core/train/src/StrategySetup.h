#pragma once
// Prepares a loaded model for one training strategy (internal; torch):
// injects the PEFT layers (finetune-SAM placement, TrainingSettings.h) and makes exactly the
// strategy's parameters trainable.
//   Vanilla  Decoder: prompt_encoder.* and mask_decoder.*; EncoderDecoder: everything
//   Adapter / Lora   only the PEFT tensors (SamModel::isPeftTensor) of the scope, so that the
//            saved adapter file holds everything that was trained
// Deliberate difference from finetune-SAM: BatchNorm statistics stay frozen (the model stays in
// eval mode; SAM has no dropout), so a saved adapter works on the unchanged base checkpoint.

#include "base/Result.h"
#include "sam/SamConfig.h"
#include "sam/SamModel.h"
#include "train/TrainingSettings.h"

#include <ATen/core/Tensor.h>

#include <vector>

namespace delineate::train::detail {

class StrategySetup {
public:
    // The PEFT layers the strategy needs on a model with this configuration (method None for Vanilla).
    static Result<sam::PeftConfig> peftFor(const sam::SamConfig& config, const TrainingSettings& settings);

    // Applies the PEFT layers, selects the trainable parameters and puts the model in eval mode; returns
    // the trainable parameters in model order. InvalidArgument when the model already has PEFT layers or
    // the strategy selects nothing.
    static Result<std::vector<at::Tensor>> apply(sam::SamModel& model, const TrainingSettings& settings);
};

} // namespace delineate::train::detail
