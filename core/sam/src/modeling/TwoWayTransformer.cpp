#include "modeling/TwoWayTransformer.h"

namespace delineate::sam::detail {

TwoWayTransformerImpl::TwoWayTransformerImpl(std::int64_t depth, std::int64_t embeddingDim,
                                             std::int64_t numHeads, std::int64_t mlpDim,
                                             std::int64_t attentionDownsampleRate)
{
    m_layerList = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < depth; ++i) {
        TwoWayAttentionBlock block(embeddingDim, numHeads, mlpDim, attentionDownsampleRate, i == 0);
        m_layerList->push_back(block);
        m_layers.push_back(block);
    }
    m_finalAttn = register_module("final_attn_token_to_image",
                                  DecoderAttention(embeddingDim, numHeads, attentionDownsampleRate));
    m_normFinal =
        register_module("norm_final_attn", torch::nn::LayerNorm(torch::nn::LayerNormOptions({embeddingDim})));
}

std::pair<torch::Tensor, torch::Tensor> TwoWayTransformerImpl::forward(const torch::Tensor& imageEmbedding,
                                                                       const torch::Tensor& imagePe,
                                                                       const torch::Tensor& pointEmbedding)
{
    // B x C x H x W -> B x HW x C, made contiguous once: every later add and product on the image
    // side (a dozen per decode) would otherwise walk the transposed layout.
    const torch::Tensor image = imageEmbedding.flatten(2).permute({0, 2, 1}).contiguous();
    const torch::Tensor pe = imagePe.flatten(2).permute({0, 2, 1}).contiguous();

    torch::Tensor queries = pointEmbedding;
    torch::Tensor keys = image;
    for (TwoWayAttentionBlock& layer : m_layers)
        std::tie(queries, keys) = layer->forward(queries, keys, pointEmbedding, pe);

    const torch::Tensor q = queries + pointEmbedding;
    const torch::Tensor k = keys + pe;
    queries = queries + m_finalAttn(q, k, keys);
    queries = m_normFinal(queries);
    return {queries, keys};
}

} // namespace delineate::sam::detail
