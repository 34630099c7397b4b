#include "train/TrainingSettings.h"

namespace delineate::train {

TrainingSettings TrainingSettings::quickCpu()
{
    TrainingSettings settings;
    settings.presetName = "quick_cpu";
    settings.modelVariant = "vit_t";
    settings.scope = TrainingScope::Decoder;
    settings.method = TrainingMethod::Adapter;
    settings.learningRate = 2e-3;
    settings.augment = false;
    settings.maxIterations = 120;
    settings.maxSeconds = 60.0;
    settings.minIterations = 30;
    settings.warmupIterations = 10;
    settings.evaluationInterval = 10;
    settings.patience = 4;
    return settings;
}

TrainingSettings TrainingSettings::bestGpu()
{
    TrainingSettings settings;
    settings.presetName = "best_gpu";
    settings.modelVariant = "vit_b";
    settings.scope = TrainingScope::EncoderDecoder;
    settings.method = TrainingMethod::Adapter;
    settings.maxIterations = 1000;
    settings.maxSeconds = 1800.0;
    settings.warmupIterations = 100;
    settings.evaluationInterval = 25;
    settings.patience = 5;
    settings.device = TrainingDevice::Auto;
    settings.precision = TrainingPrecision::Auto;
    return settings;
}

const char* scopeName(TrainingScope scope)
{
    switch (scope) {
    case TrainingScope::Decoder:
        return "decoder";
    case TrainingScope::EncoderDecoder:
        return "encoder_decoder";
    }
    return "?";
}

const char* methodName(TrainingMethod method)
{
    switch (method) {
    case TrainingMethod::Vanilla:
        return "vanilla";
    case TrainingMethod::Adapter:
        return "adapter";
    case TrainingMethod::Lora:
        return "lora";
    }
    return "?";
}

const char* promptModeName(PromptMode mode)
{
    switch (mode) {
    case PromptMode::PromptFree:
        return "prompt_free";
    case PromptMode::Box:
        return "box";
    case PromptMode::Point:
        return "point";
    }
    return "?";
}

const char* precisionName(TrainingPrecision precision)
{
    switch (precision) {
    case TrainingPrecision::Float32:
        return "float32";
    case TrainingPrecision::Auto:
        return "auto";
    case TrainingPrecision::BFloat16:
        return "bfloat16";
    }
    return "?";
}

std::string strategyName(const TrainingSettings& settings)
{
    return std::string(scopeName(settings.scope)) + "+" + methodName(settings.method) + "+" +
           promptModeName(settings.prompts);
}

} // namespace delineate::train
