#include "modeling/ImageEncoderViT.h"

#include "modeling/LayerNorm2d.h"

#include <algorithm>

namespace delineate::sam::detail {

torch::nn::Sequential makeNeck(std::int64_t inChans, std::int64_t outChans)
{
    using torch::nn::Conv2dOptions;
    return torch::nn::Sequential(
        torch::nn::Conv2d(Conv2dOptions(inChans, outChans, 1).bias(false)), LayerNorm2d(outChans, 1e-6),
        torch::nn::Conv2d(Conv2dOptions(outChans, outChans, 3).padding(1).bias(false)),
        LayerNorm2d(outChans, 1e-6));
}

ImageEncoderViT::ImageEncoderViT(const VitEncoderConfig& config) : m_config(config)
{
    const std::int64_t tokens = config.imageSize / config.patchSize;
    m_patchEmbed = register_module(
        "patch_embed",
        torch::nn::Sequential(
            {{"proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, config.embedDim, config.patchSize)
                                            .stride(config.patchSize))}}));
    if (config.useAbsPos)
        m_posEmbed = register_parameter("pos_embed", torch::zeros({1, tokens, tokens, config.embedDim}));

    m_blockList = register_module("blocks", torch::nn::ModuleList());
    for (int i = 0; i < config.depth; ++i) {
        const bool global = std::find(config.globalAttnIndexes.begin(), config.globalAttnIndexes.end(), i) !=
                            config.globalAttnIndexes.end();
        VitBlockOptions options;
        options.dim = config.embedDim;
        options.numHeads = config.numHeads;
        options.mlpRatio = config.mlpRatio;
        options.qkvBias = config.qkvBias;
        options.useRelPos = config.useRelPos;
        options.windowSize = global ? 0 : config.windowSize;
        options.inputSize = tokens;
        options.normAfterWindowPartition = config.normAfterWindowPartition;
        VitBlock block(options);
        m_blockList->push_back(block);
        m_blocks.push_back(block);
    }
    m_neck = register_module("neck", makeNeck(config.embedDim, config.outChans));
}

torch::Tensor ImageEncoderViT::forward(const torch::Tensor& input)
{
    torch::Tensor x = m_patchEmbed->forward(input).permute({0, 2, 3, 1});
    if (tapping())
        tap("image_encoder.patch_embed", x.permute({0, 3, 1, 2}));
    if (m_posEmbed.defined())
        x = x + m_posEmbed;
    if (tapping())
        tap("after_pos_embed", x.permute({0, 3, 1, 2}));
    for (std::size_t i = 0; i < m_blocks.size(); ++i) {
        stopIfAsked();
        x = m_blocks[i](x);
        if (tapping())
            tap("image_encoder.blocks." + std::to_string(i), x.permute({0, 3, 1, 2}));
    }
    return m_neck->forward(x.permute({0, 3, 1, 2}));
}

} // namespace delineate::sam::detail
