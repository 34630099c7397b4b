#include "ConfigInference.h"

#include "StateDictLoader.h"

#include <algorithm>
#include <map>
#include <cctype>
#include <cmath>
#include <set>
#include <string>

namespace delineate::sam::detail {

namespace {

using ShapeMap = std::map<std::string, std::vector<std::int64_t>>;

ShapeMap shapesOf(const tensorio::StateDict& stateDict)
{
    ShapeMap shapes;
    for (const auto& [key, tensor] : stateDict)
        shapes[key] = tensor.sizes().vec();
    return shapes;
}

const std::vector<std::int64_t>* find(const ShapeMap& shapes, const std::string& key)
{
    auto it = shapes.find(key);
    return it == shapes.end() ? nullptr : &it->second;
}

// Distinct integers N found as "<prefix>N." in the keys.
std::set<int> indexesAfter(const ShapeMap& shapes, const std::string& prefix)
{
    std::set<int> result;
    for (const auto& entry : shapes) {
        const std::string& key = entry.first;
        if (key.compare(0, prefix.size(), prefix) != 0)
            continue;
        std::size_t end = prefix.size();
        while (end < key.size() && std::isdigit(static_cast<unsigned char>(key[end])))
            ++end;
        if (end > prefix.size() && end < key.size() && key[end] == '.')
            result.insert(std::stoi(key.substr(prefix.size(), end - prefix.size())));
    }
    return result;
}

Error corrupt(const std::string& detail)
{
    return makeError(ErrorCode::UnsupportedFormat, {}, detail);
}

Result<SamConfig> inferVit(const ShapeMap& shapes)
{
    SamConfig config;
    config.encoder = EncoderKind::Vit;
    config.variant = SamVariant::Custom;
    VitEncoderConfig& vit = config.vit;
    const auto* proj = find(shapes, "image_encoder.patch_embed.proj.weight");
    if (!proj || proj->size() != 4)
        return corrupt("no image_encoder.patch_embed.proj.weight (C, 3, p, p)");
    vit.embedDim = static_cast<int>((*proj)[0]);
    vit.patchSize = static_cast<int>((*proj)[2]);
    int tokens = 64;
    if (const auto* pos = find(shapes, "image_encoder.pos_embed"); pos && pos->size() == 4) {
        tokens = static_cast<int>((*pos)[1]);
        vit.useAbsPos = true;
    } else {
        vit.useAbsPos = false;
    }
    vit.imageSize = tokens * vit.patchSize;
    const std::set<int> blocks = indexesAfter(shapes, "image_encoder.blocks.");
    if (blocks.empty())
        return corrupt("no image_encoder.blocks.N keys");
    vit.depth = *blocks.rbegin() + 1;
    vit.globalAttnIndexes.clear();
    vit.useRelPos = false;
    int headDim = 0;
    for (int b : blocks) {
        const std::string prefix = "image_encoder.blocks." + std::to_string(b) + ".";
        if (const auto* rel = find(shapes, prefix + "attn.rel_pos_h")) {
            vit.useRelPos = true;
            headDim = static_cast<int>((*rel)[1]);
            const int size = static_cast<int>(((*rel)[0] + 1) / 2);
            if (size == tokens)
                vit.globalAttnIndexes.push_back(b);
            else
                vit.windowSize = size;
        }
        const auto* lin1 = find(shapes, prefix + "mlp.lin1.weight");
        if (lin1 && b == 0)
            vit.mlpRatio = static_cast<double>((*lin1)[0]) / static_cast<double>(vit.embedDim);
        const bool lora = find(shapes, prefix + "attn.qkv.qkv.weight") != nullptr;
        vit.qkvBias = find(shapes, prefix + (lora ? "attn.qkv.qkv.bias" : "attn.qkv.bias")) != nullptr;
        if (lora) {
            config.peft.method = PeftMethod::Lora;
            config.peft.encoderLayers.push_back(b);
            if (const auto* a = find(shapes, prefix + "attn.qkv.linear_a_q.weight"))
                config.peft.rank = static_cast<int>((*a)[0]);
        }
        if (find(shapes, prefix + "Space_Adapter.D_fc1.weight")) {
            config.peft.method = PeftMethod::Adapter;
            config.peft.encoderLayers.push_back(b);
        }
    }
    if (headDim <= 0)
        return corrupt("cannot infer the number of heads: no attn.rel_pos_h (ViT without relative positions)");
    vit.numHeads = vit.embedDim / headDim;
    if (const auto* neck = find(shapes, "image_encoder.neck.0.weight"))
        vit.outChans = static_cast<int>((*neck)[0]);

    for (SamVariant variant : {SamVariant::VitB, SamVariant::VitL, SamVariant::VitH}) {
        const SamConfig reference = *SamConfig::forName(variantName(variant));
        if (reference.vit.embedDim == vit.embedDim && reference.vit.depth == vit.depth
            && reference.vit.numHeads == vit.numHeads && reference.vit.globalAttnIndexes == vit.globalAttnIndexes)
            config.variant = variant;
    }
    return config;
}

Result<SamConfig> inferTinyVit(const ShapeMap& shapes)
{
    SamConfig config;
    config.encoder = EncoderKind::TinyVit;
    config.variant = SamVariant::Custom;
    TinyVitEncoderConfig& tiny = config.tinyVit;
    const std::set<int> stages = indexesAfter(shapes, "image_encoder.layers.");
    tiny.embedDims.clear();
    tiny.depths.clear();
    tiny.numHeads.clear();
    tiny.windowSizes.clear();
    for (int s : stages) {
        const std::string prefix = "image_encoder.layers." + std::to_string(s) + ".";
        const std::set<int> blocks = indexesAfter(shapes, prefix + "blocks.");
        tiny.depths.push_back(blocks.empty() ? 0 : *blocks.rbegin() + 1);
        if (s == 0) {
            const auto* conv1 = find(shapes, prefix + "blocks.0.conv1.c.weight");
            if (!conv1)
                return corrupt("no " + prefix + "blocks.0.conv1.c.weight");
            tiny.embedDims.push_back(static_cast<int>((*conv1)[1]));
            tiny.mbconvExpandRatio = static_cast<double>((*conv1)[0]) / static_cast<double>((*conv1)[1]);
            // Unused by the convolutional stage; keep the registry's values so vit_t compares equal.
            tiny.numHeads.push_back(SamConfig::vitT().tinyVit.numHeads.front());
            tiny.windowSizes.push_back(SamConfig::vitT().tinyVit.windowSizes.front());
            continue;
        }
        const auto* biases = find(shapes, prefix + "blocks.0.attn.attention_biases");
        const auto* qkvProj = find(shapes, prefix + "blocks.0.attn.proj.weight");
        if (!biases || !qkvProj)
            return corrupt("no " + prefix + "blocks.0.attn.{attention_biases,proj.weight}");
        tiny.embedDims.push_back(static_cast<int>((*qkvProj)[0]));
        tiny.numHeads.push_back(static_cast<int>((*biases)[0]));
        tiny.windowSizes.push_back(static_cast<int>(std::lround(std::sqrt(static_cast<double>((*biases)[1])))));
        if (const auto* fc1 = find(shapes, prefix + "blocks.0.mlp.fc1.weight"))
            tiny.mlpRatio = static_cast<double>((*fc1)[0]) / static_cast<double>((*fc1)[1]);
        if (const auto* local = find(shapes, prefix + "blocks.0.local_conv.c.weight"))
            tiny.localConvSize = static_cast<int>((*local)[2]);
        if (find(shapes, prefix + "blocks.0.Space_Adapter.D_fc1.weight")) {
            config.peft.method = PeftMethod::Adapter;
            config.peft.encoderLayers.push_back(s);
        }
        if (const auto* a = find(shapes, prefix + "blocks.0.attn.qkv.linear_a_q.weight")) {
            config.peft.method = PeftMethod::Lora;
            config.peft.rank = static_cast<int>((*a)[0]);
            config.peft.encoderLayers.push_back(s);
        }
    }
    if (const auto* head = find(shapes, "image_encoder.head.weight"))
        tiny.numClasses = static_cast<int>((*head)[0]);
    if (const auto* neck = find(shapes, "image_encoder.neck.0.weight"))
        tiny.outChans = static_cast<int>((*neck)[0]);
    const TinyVitEncoderConfig reference = SamConfig::vitT().tinyVit;
    if (tiny.embedDims == reference.embedDims && tiny.depths == reference.depths
        && tiny.numHeads == reference.numHeads && tiny.windowSizes == reference.windowSizes)
        config.variant = SamVariant::VitT;
    return config;
}

void inferDecoder(const ShapeMap& shapes, SamConfig& config)
{
    if (const auto* tokens = find(shapes, "mask_decoder.mask_tokens.weight"))
        config.numMultimaskOutputs = static_cast<int>((*tokens)[0]) - 1;
    if (const auto* iou = find(shapes, "mask_decoder.iou_token.weight"))
        config.promptEmbedDim = static_cast<int>((*iou)[1]);
    const std::set<int> layers = indexesAfter(shapes, "mask_decoder.transformer.layers.");
    if (!layers.empty())
        config.decoderDepth = *layers.rbegin() + 1;
    if (const auto* lin1 = find(shapes, "mask_decoder.transformer.layers.0.mlp.lin1.weight"))
        config.decoderMlpDim = static_cast<int>((*lin1)[0]);
    if (const auto* maskConv = find(shapes, "prompt_encoder.mask_downscaling.3.weight"))
        config.maskInChans = static_cast<int>((*maskConv)[0]);
    for (int layer : layers) {
        const std::string prefix = "mask_decoder.transformer.layers." + std::to_string(layer) + ".";
        if (const auto* wa = find(shapes, prefix + "self_attn.q_proj.w_a.weight")) {
            config.peft.method = PeftMethod::Lora;
            config.peft.rank = static_cast<int>((*wa)[0]);
            config.peft.decoderLayers.push_back(layer);
        } else if (find(shapes, prefix + "Adapter.D_fc1.weight")) {
            config.peft.method = PeftMethod::Adapter;
            config.peft.decoderLayers.push_back(layer);
        }
    }
    config.peft.decoderFinalAttention =
        find(shapes, "mask_decoder.transformer.final_attn_token_to_image.q_proj.w_a.weight") != nullptr;
}

} // namespace

Result<SamConfig> ConfigInference::infer(const tensorio::StateDict& stateDict, CheckpointFlavor flavor)
{
    const ShapeMap shapes = shapesOf(stateDict);
    const bool tiny = find(shapes, "image_encoder.layers.0.blocks.0.conv1.c.weight") != nullptr;
    const bool vit = find(shapes, "image_encoder.patch_embed.proj.weight") != nullptr;
    if (!tiny && !vit)
        return corrupt("not a SAM checkpoint: neither ViT (image_encoder.patch_embed.proj) nor TinyViT "
                       "(image_encoder.layers.0) encoder keys");
    Result<SamConfig> result = tiny ? inferTinyVit(shapes) : inferVit(shapes);
    if (!result)
        return result;
    SamConfig config = std::move(result).value();
    inferDecoder(shapes, config);
    if (config.peft.method == PeftMethod::Lora && config.peft.rank <= 0)
        return corrupt("LoRA layers with rank 0");

    bool finetune = flavor == CheckpointFlavor::FinetuneSam;
    if (flavor == CheckpointFlavor::Auto)
        finetune = config.peft.method != PeftMethod::None || config.numMultimaskOutputs != 3;
    config.preprocess = finetune ? PreprocessKind::FinetuneSam : PreprocessKind::Sam;
    config.vit.normAfterWindowPartition = finetune;
    return config;
}

} // namespace delineate::sam::detail
