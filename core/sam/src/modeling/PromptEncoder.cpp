#include "modeling/PromptEncoder.h"

#include "modeling/LayerNorm2d.h"

namespace delineate::sam::detail {

PromptEncoderImpl::PromptEncoderImpl(std::int64_t embedDim, std::int64_t imageEmbeddingSize,
                                     std::int64_t inputImageSize, std::int64_t maskInChans)
    : m_embedDim(embedDim), m_embeddingSize(imageEmbeddingSize), m_inputSize(inputImageSize)
{
    m_pe = register_module("pe_layer", PositionEmbeddingRandom(embedDim / 2));
    m_pointEmbeddingList = register_module("point_embeddings", torch::nn::ModuleList());
    for (int i = 0; i < 4; ++i) {
        torch::nn::Embedding embedding(1, embedDim);
        m_pointEmbeddingList->push_back(embedding);
        m_pointEmbeddings.push_back(embedding);
    }
    m_notAPoint = register_module("not_a_point_embed", torch::nn::Embedding(1, embedDim));
    using torch::nn::Conv2dOptions;
    const auto gelu = [](const torch::Tensor& t) { return torch::gelu(t); };
    m_maskDownscaling = register_module(
        "mask_downscaling",
        torch::nn::Sequential(torch::nn::Conv2d(Conv2dOptions(1, maskInChans / 4, 2).stride(2)),
                              LayerNorm2d(maskInChans / 4), torch::nn::Functional(gelu),
                              torch::nn::Conv2d(Conv2dOptions(maskInChans / 4, maskInChans, 2).stride(2)),
                              LayerNorm2d(maskInChans), torch::nn::Functional(gelu),
                              torch::nn::Conv2d(Conv2dOptions(maskInChans, embedDim, 1))));
    m_noMask = register_module("no_mask_embed", torch::nn::Embedding(1, embedDim));
}

torch::Tensor PromptEncoderImpl::densePe()
{
    return m_pe->forward(m_embeddingSize, m_embeddingSize).unsqueeze(0);
}

torch::Tensor PromptEncoderImpl::embedPoints(const torch::Tensor& coordsIn, const torch::Tensor& labelsIn,
                                             bool pad)
{
    torch::Tensor coords = coordsIn + 0.5;
    torch::Tensor labels = labelsIn;
    if (pad) {
        const std::int64_t b = coords.size(0);
        coords = torch::cat({coords, torch::zeros({b, 1, 2}, coords.options())}, 1);
        labels = torch::cat({labels, -torch::ones({b, 1}, labels.options())}, 1);
    }
    torch::Tensor embedding = m_pe->forwardWithCoords(coords, m_inputSize, m_inputSize);
    const torch::Tensor isPad = (labels == -1).unsqueeze(-1);
    embedding = torch::where(isPad, m_notAPoint->weight.view({1, 1, -1}).expand_as(embedding), embedding);
    for (int label = 0; label < 2; ++label) {
        const torch::Tensor selected = (labels == label).unsqueeze(-1);
        embedding =
            torch::where(selected, embedding + m_pointEmbeddings[label]->weight.view({1, 1, -1}), embedding);
    }
    return embedding;
}

torch::Tensor PromptEncoderImpl::embedBoxes(const torch::Tensor& boxesIn)
{
    const torch::Tensor coords = (boxesIn + 0.5).reshape({-1, 2, 2});
    torch::Tensor corners = m_pe->forwardWithCoords(coords, m_inputSize, m_inputSize);
    return torch::stack({corners.select(1, 0) + m_pointEmbeddings[2]->weight.view({1, -1}),
                         corners.select(1, 1) + m_pointEmbeddings[3]->weight.view({1, -1})},
                        1);
}

torch::Tensor PromptEncoderImpl::embedMasks(const torch::Tensor& masks)
{
    return m_maskDownscaling->forward(masks);
}

std::pair<torch::Tensor, torch::Tensor> PromptEncoderImpl::forward(const PromptTensors& prompts)
{
    std::int64_t batch = 1;
    if (prompts.pointCoords)
        batch = prompts.pointCoords->size(0);
    else if (prompts.boxes)
        batch = prompts.boxes->size(0);
    else if (prompts.masks)
        batch = prompts.masks->size(0);

    const auto options = m_noMask->weight.options();
    torch::Tensor sparse = torch::empty({batch, 0, m_embedDim}, options);
    if (prompts.pointCoords && prompts.pointLabels) {
        const torch::Tensor points =
            embedPoints(*prompts.pointCoords, *prompts.pointLabels, !prompts.boxes.has_value());
        sparse = torch::cat({sparse, points}, 1);
    }
    if (prompts.boxes)
        sparse = torch::cat({sparse, embedBoxes(*prompts.boxes)}, 1);

    torch::Tensor dense;
    if (prompts.masks)
        dense = embedMasks(*prompts.masks);
    else
        dense = m_noMask->weight.reshape({1, -1, 1, 1}).expand({batch, -1, m_embeddingSize, m_embeddingSize});
    return {sparse, dense};
}

} // namespace delineate::sam::detail
