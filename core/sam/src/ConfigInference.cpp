#include "ConfigInference.h"

#include "CheckpointShapes.h"

#include <cmath>
#include <string>

namespace delineate::sam::detail {

namespace {

using Dims = CheckpointShapes::Dims;

// Plausible limits, far above every published SAM variant (vit_h: 1280-d, 32 blocks, 3 outputs).
constexpr std::int64_t kMaxEmbedDim = 8192;
constexpr std::int64_t kMaxPatchSize = 64;
constexpr std::int64_t kMaxTokenGrid = 256;
constexpr int kMaxEncoderDepth = 256;
constexpr int kMaxStages = 8;
constexpr int kMaxDecoderDepth = 64;
constexpr std::int64_t kMaxMaskTokens = 257; // num_multimask_outputs / num_cls up to 256
constexpr std::int64_t kMaxMlpRatio = 16;
constexpr std::int64_t kMaxClasses = 100000;

std::string str(std::int64_t value)
{
    return std::to_string(value);
}

void inferVitBlock(const CheckpointShapes& s, SamConfig& config, int b, std::int64_t tokens,
                   std::int64_t& headDim)
{
    VitEncoderConfig& vit = config.vit;
    const std::int64_t c = vit.embedDim;
    const std::string prefix = "image_encoder.blocks." + std::to_string(b) + ".";
    const bool lora = s.has(prefix + "attn.qkv.qkv.weight");
    const std::string qkvKey = prefix + (lora ? "attn.qkv.qkv.weight" : "attn.qkv.weight");
    const Dims& qkv = s.require(qkvKey, 2, "(3C, C) with C = " + str(c));
    s.expect(qkv[0] == 3 * c && qkv[1] == c, qkvKey, "(3C, C) with C = " + str(c));
    if (const Dims* rel = s.find(prefix + "attn.rel_pos_h", 2, "(2S-1, head_dim)")) {
        const std::int64_t size = ((*rel)[0] + 1) / 2;
        const std::int64_t dim = (*rel)[1];
        s.expect((*rel)[0] % 2 == 1 && size <= tokens && c % dim == 0 && (headDim == 0 || dim == headDim),
                 prefix + "attn.rel_pos_h",
                 "(2S-1, head_dim) with S <= " + str(tokens) + " and head_dim dividing C = " + str(c) +
                     (headDim ? " and equal to the other blocks' " + str(headDim) : std::string()));
        vit.useRelPos = true;
        headDim = dim;
        if (size == tokens)
            vit.globalAttnIndexes.push_back(b);
        else
            vit.windowSize = static_cast<int>(size);
    }
    if (const Dims* lin1 = s.find(prefix + "mlp.lin1.weight", 2, "(hidden, C)")) {
        s.expect((*lin1)[1] == c && (*lin1)[0] <= kMaxMlpRatio * c, prefix + "mlp.lin1.weight",
                 "(hidden, C) with C = " + str(c) + " and hidden <= " + str(kMaxMlpRatio) + "C");
        if (b == 0)
            vit.mlpRatio = static_cast<double>((*lin1)[0]) / static_cast<double>(c);
    }
    vit.qkvBias = s.has(prefix + (lora ? "attn.qkv.qkv.bias" : "attn.qkv.bias"));
    if (lora) {
        config.peft.method = PeftMethod::Lora;
        config.peft.encoderLayers.push_back(b);
        const std::string key = prefix + "attn.qkv.linear_a_q.weight";
        if (const Dims* a = s.find(key, 2, "(rank, C)")) {
            s.expect((*a)[0] <= c && (*a)[1] == c, key, "(rank, C) with C = " + str(c) + " and rank <= C");
            config.peft.rank = static_cast<int>((*a)[0]);
        }
    }
    if (s.has(prefix + "Space_Adapter.D_fc1.weight")) {
        config.peft.method = PeftMethod::Adapter;
        config.peft.encoderLayers.push_back(b);
    }
}

SamConfig inferVit(const CheckpointShapes& s)
{
    SamConfig config;
    config.encoder = EncoderKind::Vit;
    config.variant = SamVariant::Custom;
    VitEncoderConfig& vit = config.vit;
    const std::string projKey = "image_encoder.patch_embed.proj.weight";
    const std::string projLayout =
        "(C, 3, p, p) with C <= " + str(kMaxEmbedDim) + ", p <= " + str(kMaxPatchSize);
    const Dims& proj = s.require(projKey, 4, projLayout);
    s.expect(proj[0] <= kMaxEmbedDim && proj[1] == 3 && proj[2] == proj[3] && proj[2] <= kMaxPatchSize,
             projKey, projLayout);
    vit.embedDim = static_cast<int>(proj[0]);
    vit.patchSize = static_cast<int>(proj[2]);
    std::int64_t tokens = 64;
    const std::string posKey = "image_encoder.pos_embed";
    if (const Dims* pos = s.find(posKey, 4, "(1, T, T, C)")) {
        s.expect((*pos)[0] == 1 && (*pos)[1] == (*pos)[2] && (*pos)[1] <= kMaxTokenGrid &&
                     (*pos)[3] == proj[0],
                 posKey, "(1, T, T, C) with T <= " + str(kMaxTokenGrid) + " and C = " + str(proj[0]));
        tokens = (*pos)[1];
    }
    vit.useAbsPos = s.has(posKey);
    vit.imageSize = static_cast<int>(tokens * vit.patchSize);
    const std::vector<int> blocks = s.contiguousIndexes("image_encoder.blocks.", kMaxEncoderDepth);
    if (blocks.empty())
        CheckpointShapes::fail("no image_encoder.blocks.N keys");
    vit.depth = static_cast<int>(blocks.size());
    vit.globalAttnIndexes.clear();
    vit.useRelPos = false;
    std::int64_t headDim = 0;
    for (int b : blocks)
        inferVitBlock(s, config, b, tokens, headDim);
    if (headDim <= 0)
        CheckpointShapes::fail(
            "cannot infer the number of heads: no attn.rel_pos_h (ViT without relative positions)");
    vit.numHeads = static_cast<int>(vit.embedDim / headDim);
    const std::string neckKey = "image_encoder.neck.0.weight";
    if (const Dims* neck = s.find(neckKey, 4, "(out, C, 1, 1)")) {
        s.expect((*neck)[0] <= kMaxEmbedDim && (*neck)[1] == proj[0] && (*neck)[2] == 1 && (*neck)[3] == 1,
                 neckKey, "(out, C, 1, 1) with C = " + str(proj[0]));
        vit.outChans = static_cast<int>((*neck)[0]);
    }
    for (SamVariant variant : {SamVariant::VitB, SamVariant::VitL, SamVariant::VitH}) {
        const SamConfig reference = *SamConfig::forName(variantName(variant));
        if (reference.vit.embedDim == vit.embedDim && reference.vit.depth == vit.depth &&
            reference.vit.numHeads == vit.numHeads &&
            reference.vit.globalAttnIndexes == vit.globalAttnIndexes)
            config.variant = variant;
    }
    return config;
}

void inferTinyVitStage(const CheckpointShapes& s, SamConfig& config, int stage)
{
    TinyVitEncoderConfig& tiny = config.tinyVit;
    const std::string prefix = "image_encoder.layers." + std::to_string(stage) + ".blocks.0.";
    const std::string projKey = prefix + "attn.proj.weight";
    const Dims& proj = s.require(projKey, 2, "(C, heads * head_dim)");
    s.expect(proj[0] <= kMaxEmbedDim, projKey, "(C, heads * head_dim) with C <= " + str(kMaxEmbedDim));
    const std::int64_t c = proj[0];
    const std::string biasesKey = prefix + "attn.attention_biases";
    const Dims& biases = s.require(biasesKey, 2, "(heads, window * window)");
    const auto window = static_cast<std::int64_t>(std::lround(std::sqrt(static_cast<double>(biases[1]))));
    s.expect(biases[0] <= c && window * window == biases[1] && window <= kMaxTokenGrid, biasesKey,
             "(heads, window * window) with heads <= C = " + str(c));
    tiny.embedDims.push_back(static_cast<int>(c));
    tiny.numHeads.push_back(static_cast<int>(biases[0]));
    tiny.windowSizes.push_back(static_cast<int>(window));
    if (const Dims* fc1 = s.find(prefix + "mlp.fc1.weight", 2, "(hidden, C)")) {
        s.expect((*fc1)[1] == c && (*fc1)[0] <= kMaxMlpRatio * c, prefix + "mlp.fc1.weight",
                 "(hidden, C) with C = " + str(c) + " and hidden <= " + str(kMaxMlpRatio) + "C");
        tiny.mlpRatio = static_cast<double>((*fc1)[0]) / static_cast<double>(c);
    }
    if (const Dims* local = s.find(prefix + "local_conv.c.weight", 4, "(C, 1, k, k)")) {
        s.expect((*local)[0] == c && (*local)[1] == 1 && (*local)[2] == (*local)[3] && (*local)[2] % 2 == 1 &&
                     (*local)[2] <= kMaxPatchSize,
                 prefix + "local_conv.c.weight", "(C, 1, k, k) with C = " + str(c) + " and k odd");
        tiny.localConvSize = static_cast<int>((*local)[2]);
    }
    if (s.has(prefix + "Space_Adapter.D_fc1.weight")) {
        config.peft.method = PeftMethod::Adapter;
        config.peft.encoderLayers.push_back(stage);
    }
    const std::string loraKey = prefix + "attn.qkv.linear_a_q.weight";
    if (const Dims* a = s.find(loraKey, 2, "(rank, C)")) {
        s.expect((*a)[0] <= c && (*a)[1] == c, loraKey, "(rank, C) with C = " + str(c) + " and rank <= C");
        config.peft.method = PeftMethod::Lora;
        config.peft.rank = static_cast<int>((*a)[0]);
        config.peft.encoderLayers.push_back(stage);
    }
}

SamConfig inferTinyVit(const CheckpointShapes& s)
{
    SamConfig config;
    config.encoder = EncoderKind::TinyVit;
    config.variant = SamVariant::Custom;
    TinyVitEncoderConfig& tiny = config.tinyVit;
    tiny.embedDims.clear();
    tiny.depths.clear();
    tiny.numHeads.clear();
    tiny.windowSizes.clear();
    for (int stage : s.contiguousIndexes("image_encoder.layers.", kMaxStages)) {
        const std::string prefix = "image_encoder.layers." + std::to_string(stage) + ".";
        const std::vector<int> blocks = s.contiguousIndexes(prefix + "blocks.", kMaxEncoderDepth);
        if (blocks.empty())
            CheckpointShapes::fail("no " + prefix + "blocks.N keys");
        tiny.depths.push_back(static_cast<int>(blocks.size()));
        if (stage > 0) {
            inferTinyVitStage(s, config, stage);
            continue;
        }
        const std::string convKey = prefix + "blocks.0.conv1.c.weight";
        const Dims& conv1 = s.require(convKey, 4, "(hidden, C, 1, 1)");
        s.expect(
            conv1[1] <= kMaxEmbedDim && conv1[0] <= kMaxMlpRatio * conv1[1] && conv1[2] == 1 && conv1[3] == 1,
            convKey,
            "(hidden, C, 1, 1) with C <= " + str(kMaxEmbedDim) + " and hidden <= " + str(kMaxMlpRatio) + "C");
        tiny.embedDims.push_back(static_cast<int>(conv1[1]));
        tiny.mbconvExpandRatio = static_cast<double>(conv1[0]) / static_cast<double>(conv1[1]);
        // Unused by the convolutional stage; keep the registry's values so vit_t compares equal.
        tiny.numHeads.push_back(SamConfig::vitT().tinyVit.numHeads.front());
        tiny.windowSizes.push_back(SamConfig::vitT().tinyVit.windowSizes.front());
    }
    const std::int64_t last = tiny.embedDims.back();
    if (const Dims* head = s.find("image_encoder.head.weight", 2, "(classes, C)")) {
        s.expect((*head)[0] <= kMaxClasses && (*head)[1] == last, "image_encoder.head.weight",
                 "(classes, C) with C = " + str(last) + " and classes <= " + str(kMaxClasses));
        tiny.numClasses = static_cast<int>((*head)[0]);
    }
    if (const Dims* neck = s.find("image_encoder.neck.0.weight", 4, "(out, C, 1, 1)")) {
        s.expect((*neck)[0] <= kMaxEmbedDim && (*neck)[1] == last && (*neck)[2] == 1 && (*neck)[3] == 1,
                 "image_encoder.neck.0.weight", "(out, C, 1, 1) with C = " + str(last));
        tiny.outChans = static_cast<int>((*neck)[0]);
    }
    const TinyVitEncoderConfig reference = SamConfig::vitT().tinyVit;
    if (tiny.embedDims == reference.embedDims && tiny.depths == reference.depths &&
        tiny.numHeads == reference.numHeads && tiny.windowSizes == reference.windowSizes)
        config.variant = SamVariant::VitT;
    return config;
}

void inferDecoderPeft(const CheckpointShapes& s, SamConfig& config, const std::vector<int>& layers,
                      std::int64_t d)
{
    for (int layer : layers) {
        const std::string prefix = "mask_decoder.transformer.layers." + std::to_string(layer) + ".";
        if (const Dims* wa = s.find(prefix + "self_attn.q_proj.w_a.weight", 2, "(rank, D)")) {
            s.expect((*wa)[0] <= d && (*wa)[1] == d, prefix + "self_attn.q_proj.w_a.weight",
                     "(rank, D) with D = " + str(d) + " and rank <= D");
            config.peft.method = PeftMethod::Lora;
            config.peft.rank = static_cast<int>((*wa)[0]);
            config.peft.decoderLayers.push_back(layer);
        } else if (s.has(prefix + "Adapter.D_fc1.weight")) {
            config.peft.method = PeftMethod::Adapter;
            config.peft.decoderLayers.push_back(layer);
        }
    }
    config.peft.decoderFinalAttention =
        s.has("mask_decoder.transformer.final_attn_token_to_image.q_proj.w_a.weight");
}

void inferDecoder(const CheckpointShapes& s, SamConfig& config)
{
    const std::int64_t headsTimesDownsample =
        static_cast<std::int64_t>(config.decoderHeads) * config.attentionDownsampleRate;
    if (const Dims* iou = s.find("mask_decoder.iou_token.weight", 2, "(1, D)")) {
        s.expect((*iou)[0] == 1 && (*iou)[1] <= kMaxEmbedDim && (*iou)[1] % headsTimesDownsample == 0,
                 "mask_decoder.iou_token.weight",
                 "(1, D) with D <= " + str(kMaxEmbedDim) + " a multiple of " + str(headsTimesDownsample));
        config.promptEmbedDim = static_cast<int>((*iou)[1]);
    }
    const std::int64_t d = config.promptEmbedDim;
    const int outChans = config.encoder == EncoderKind::Vit ? config.vit.outChans : config.tinyVit.outChans;
    if (s.has("image_encoder.neck.0.weight"))
        s.expect(outChans == d, "image_encoder.neck.0.weight",
                 "(D, C, 1, 1) with the decoder's D = " + str(d));
    if (const Dims* tokens = s.find("mask_decoder.mask_tokens.weight", 2, "(outputs + 1, D)")) {
        const std::string prefix = "mask_decoder.output_hypernetworks_mlps.";
        const std::vector<int> mlps = s.contiguousIndexes(prefix, static_cast<int>(kMaxMaskTokens));
        s.expect((*tokens)[0] >= 2 && (*tokens)[0] <= kMaxMaskTokens && (*tokens)[1] == d &&
                     (*tokens)[0] == static_cast<std::int64_t>(mlps.size()),
                 "mask_decoder.mask_tokens.weight",
                 "(outputs + 1, D) with D = " + str(d) + " and one row per " + prefix + "N (" +
                     std::to_string(mlps.size()) + " in the file)");
        config.numMultimaskOutputs = static_cast<int>((*tokens)[0] - 1);
    }
    const std::vector<int> layers = s.contiguousIndexes("mask_decoder.transformer.layers.", kMaxDecoderDepth);
    if (!layers.empty())
        config.decoderDepth = static_cast<int>(layers.size());
    const std::string lin1Key = "mask_decoder.transformer.layers.0.mlp.lin1.weight";
    if (const Dims* lin1 = s.find(lin1Key, 2, "(mlp_dim, D)")) {
        s.expect((*lin1)[1] == d && (*lin1)[0] <= kMaxMlpRatio * d, lin1Key,
                 "(mlp_dim, D) with D = " + str(d) + " and mlp_dim <= " + str(kMaxMlpRatio) + "D");
        config.decoderMlpDim = static_cast<int>((*lin1)[0]);
    }
    const std::string maskKey = "prompt_encoder.mask_downscaling.3.weight";
    if (const Dims* mask = s.find(maskKey, 4, "(m, m / 4, 2, 2)")) {
        s.expect((*mask)[0] == 4 * (*mask)[1] && (*mask)[2] == 2 && (*mask)[3] == 2 &&
                     (*mask)[0] <= kMaxEmbedDim,
                 maskKey, "(m, m / 4, 2, 2) with m <= " + str(kMaxEmbedDim));
        config.maskInChans = static_cast<int>((*mask)[0]);
    }
    inferDecoderPeft(s, config, layers, d);
}

// A lower bound of the parameters the model built from `config` allocates (its largest matrices
// only). Strict loading needs every one of them from the file.
double minimumParameters(const SamConfig& config)
{
    double total = 0;
    if (config.encoder == EncoderKind::Vit) {
        const double c = config.vit.embedDim;
        total += config.vit.depth * (4 * c * c + 2 * c * c * config.vit.mlpRatio);
    } else {
        const TinyVitEncoderConfig& tiny = config.tinyVit;
        for (std::size_t i = 0; i < tiny.embedDims.size(); ++i) {
            const double c = tiny.embedDims[i];
            const double ratio = i == 0 ? tiny.mbconvExpandRatio : tiny.mlpRatio;
            total += tiny.depths[i] * 2 * c * c * ratio;
        }
        total += static_cast<double>(tiny.numClasses) * tiny.embedDims.back();
    }
    const double d = config.promptEmbedDim;
    total += (config.numMultimaskOutputs + 1) * (2 * d * d + d * d / 8);
    total += config.decoderDepth * 2 * d * static_cast<double>(config.decoderMlpDim);
    return total;
}

} // namespace

Result<SamConfig> ConfigInference::infer(const tensorio::StateDict& stateDict, CheckpointFlavor flavor)
{
    try {
        const CheckpointShapes shapes(stateDict);
        const bool tiny = shapes.has("image_encoder.layers.0.blocks.0.conv1.c.weight");
        if (!tiny && !shapes.has("image_encoder.patch_embed.proj.weight"))
            CheckpointShapes::fail(
                "not a SAM checkpoint: neither ViT (image_encoder.patch_embed.proj) nor TinyViT "
                "(image_encoder.layers.0) encoder keys");
        SamConfig config = tiny ? inferTinyVit(shapes) : inferVit(shapes);
        inferDecoder(shapes, config);
        if (config.peft.method == PeftMethod::Lora && config.peft.rank <= 0)
            CheckpointShapes::fail("LoRA layers with rank 0");
        const double needed = minimumParameters(config);
        if (needed > static_cast<double>(shapes.heldElements()))
            CheckpointShapes::fail("the architecture its shapes declare needs at least " +
                                   std::to_string(static_cast<long long>(needed)) +
                                   " parameters, the file holds " + std::to_string(shapes.heldElements()) +
                                   " values (inconsistent tensor shapes)");
        bool finetune = flavor == CheckpointFlavor::FinetuneSam;
        if (flavor == CheckpointFlavor::Auto)
            finetune = config.peft.method != PeftMethod::None || config.numMultimaskOutputs != 3;
        config.preprocess = finetune ? PreprocessKind::FinetuneSam : PreprocessKind::Sam;
        config.vit.normAfterWindowPartition = finetune;
        return config;
    } catch (const ShapeError& failure) {
        return failure.error;
    }
}

} // namespace delineate::sam::detail
