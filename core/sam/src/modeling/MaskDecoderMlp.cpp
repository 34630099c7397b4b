#include "modeling/MaskDecoderMlp.h"

namespace delineate::sam::detail {

MaskDecoderMlpImpl::MaskDecoderMlpImpl(std::int64_t inputDim, std::int64_t hiddenDim, std::int64_t outputDim,
                                       std::int64_t numLayers)
{
    m_layerList = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < numLayers; ++i) {
        const std::int64_t in = i == 0 ? inputDim : hiddenDim;
        const std::int64_t out = i == numLayers - 1 ? outputDim : hiddenDim;
        torch::nn::Linear layer(in, out);
        m_layerList->push_back(layer);
        m_layers.push_back(layer);
    }
}

torch::Tensor MaskDecoderMlpImpl::forward(const torch::Tensor& input)
{
    torch::Tensor x = input;
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        x = m_layers[i](x);
        if (i + 1 < m_layers.size())
            x = torch::relu(x);
    }
    return x;
}

} // namespace delineate::sam::detail
