#include "modeling/TinyVit.h"

#include "modeling/Conv2dBn.h"
#include "modeling/Gelu.h"
#include "modeling/ImageEncoderViT.h"

#include <cmath>

namespace delineate::sam::detail {

namespace {

torch::Tensor tokensToNchw(const torch::Tensor& x)
{
    if (x.dim() == 4)
        return x;
    const auto side = static_cast<std::int64_t>(std::lround(std::sqrt(static_cast<double>(x.size(1)))));
    return x.transpose(1, 2).reshape({x.size(0), x.size(2), side, side});
}

} // namespace

TinyVit::TinyVit(const TinyVitEncoderConfig& config) : m_config(config)
{
    const std::int64_t c0 = config.embedDims.at(0);
    m_patchEmbedSeq =
        torch::nn::Sequential(Conv2dBn(3, c0 / 2, 3, 2, 1),
                              torch::nn::Functional([](const torch::Tensor& t) { return featureGelu(t); }),
                              Conv2dBn(c0 / 2, c0, 3, 2, 1));
    auto patchEmbed = register_module("patch_embed", torch::nn::ModuleDict());
    patchEmbed->update({{"seq", m_patchEmbedSeq.ptr()}});

    m_stageList = register_module("layers", torch::nn::ModuleList());
    std::int64_t resolution = config.imageSize / 4;
    const std::size_t stages = config.embedDims.size();
    for (std::size_t i = 0; i < stages; ++i) {
        TinyVitStageOptions options;
        options.convolutional = (i == 0);
        options.dim = config.embedDims[i];
        options.resolution = resolution;
        options.depth = config.depths.at(i);
        options.numHeads = config.numHeads.at(i);
        options.windowSize = config.windowSizes.at(i);
        options.mlpRatio = config.mlpRatio;
        options.mbconvExpandRatio = config.mbconvExpandRatio;
        options.localConvSize = config.localConvSize;
        if (i + 1 < stages)
            options.downsampleTo = config.embedDims[i + 1];
        TinyVitStage stage(options);
        resolution = stage->outputResolution();
        m_stageList->push_back(stage);
        m_stages.push_back(stage);
    }
    const std::int64_t last = config.embedDims.back();
    register_module("norm_head", torch::nn::LayerNorm(torch::nn::LayerNormOptions({last})));
    register_module("head", torch::nn::Linear(last, config.numClasses));
    m_neck = register_module("neck", makeNeck(last, config.outChans));
}

torch::Tensor TinyVit::forward(const torch::Tensor& input)
{
    // Inference runs channels-last: oneDNN's convolutions take NHWC without reordering, and the stages'
    // token views (B, HW, C) of their feature maps are then views, not copies.
    torch::Tensor x = m_patchEmbedSeq->forward(
        torch::GradMode::is_enabled() ? input : input.contiguous(torch::MemoryFormat::ChannelsLast));
    if (tapping())
        tap("image_encoder.patch_embed", x);
    for (std::size_t i = 0; i < m_stages.size(); ++i) {
        x = m_stages[i](x, [this] { stopIfAsked(); });
        if (tapping())
            tap("image_encoder.layers." + std::to_string(i), tokensToNchw(x));
    }
    // Same strides as upstream's view(B, 64, 64, C).permute(0, 3, 1, 2).
    const std::int64_t side = m_stages.back()->outputResolution();
    return m_neck->forward(x.reshape({x.size(0), side, side, x.size(2)}).permute({0, 3, 1, 2}));
}

} // namespace delineate::sam::detail
