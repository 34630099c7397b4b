#include "StrategySetup.h"

#include <set>

namespace delineate::train::detail {

Result<sam::PeftConfig> StrategySetup::peftFor(const sam::SamConfig& config, const TrainingSettings& settings)
{
    sam::PeftConfig peft;
    if (settings.method == TrainingMethod::Vanilla)
        return peft;
    peft.method = settings.method == TrainingMethod::Lora ? sam::PeftMethod::Lora : sam::PeftMethod::Adapter;
    peft.rank = settings.loraRank;
    peft.decoderLayers.clear();
    for (int i = 0; i < config.decoderDepth; ++i)
        peft.decoderLayers.push_back(i);
    peft.decoderFinalAttention = true;
    if (settings.scope == TrainingScope::Decoder)
        return peft;
    if (config.encoder == sam::EncoderKind::TinyVit) {
        // finetune-SAM: stages whose index - 1 is in [0, 1, 10, 11], for adapters and LoRA alike.
        // (Its LoRA path also unfreezes the convolutional stage 0; here only the LoRA tensors train,
        // so the adapter file stays small and the base model untouched.)
        peft.encoderLayers = {1, 2};
    } else {
        const int depth = config.vit.depth;
        std::set<int> blocks;
        for (int index : {0, 1, depth - 2, depth - 1})
            if (index >= 0 && index < depth)
                blocks.insert(index);
        peft.encoderLayers.assign(blocks.begin(), blocks.end());
    }
    return peft;
}

Result<std::vector<at::Tensor>> StrategySetup::apply(sam::SamModel& model, const TrainingSettings& settings)
{
    if (model.config().peft.method != sam::PeftMethod::None)
        return makeError(ErrorCode::InvalidArgument, "", "the base model already has PEFT layers");
    auto peft = peftFor(model.config(), settings);
    if (!peft)
        return peft.error();
    if (auto applied = model.applyPeft(*peft); !applied)
        return applied.error();
    const bool decoderOnly = settings.scope == TrainingScope::Decoder;
    std::vector<at::Tensor> trainable;
    for (auto& [name, parameter] : model.namedParameters()) {
        const bool inScope = !decoderOnly || name.rfind("image_encoder.", 0) != 0;
        const bool selected = settings.method == TrainingMethod::Vanilla
                                  ? inScope
                                  : inScope && sam::SamModel::isPeftTensor(name);
        parameter.set_requires_grad(selected);
        if (selected)
            trainable.push_back(parameter);
    }
    model.eval();
    if (trainable.empty())
        return makeError(ErrorCode::InvalidArgument, "", "the strategy selects no trainable parameter");
    return trainable;
}

} // namespace delineate::train::detail
