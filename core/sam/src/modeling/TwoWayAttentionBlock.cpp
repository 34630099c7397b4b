#include "modeling/TwoWayAttentionBlock.h"

namespace delineate::sam::detail {

TwoWayAttentionBlockImpl::TwoWayAttentionBlockImpl(std::int64_t dim, std::int64_t numHeads,
                                                   std::int64_t mlpDim, std::int64_t attentionDownsampleRate,
                                                   bool skipFirstLayerPe)
    : m_dim(dim), m_skipFirstLayerPe(skipFirstLayerPe)
{
    const auto norm = [dim] { return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})); };
    m_selfAttn = register_module("self_attn", DecoderAttention(dim, numHeads));
    m_norm1 = register_module("norm1", norm());
    m_crossTokenToImage = register_module("cross_attn_token_to_image",
                                          DecoderAttention(dim, numHeads, attentionDownsampleRate));
    m_norm2 = register_module("norm2", norm());
    m_mlp = register_module("mlp", MlpBlock(dim, mlpDim, Activation::Relu));
    m_norm3 = register_module("norm3", norm());
    m_norm4 = register_module("norm4", norm());
    m_crossImageToToken = register_module("cross_attn_image_to_token",
                                          DecoderAttention(dim, numHeads, attentionDownsampleRate));
}

void TwoWayAttentionBlockImpl::enableAdapters()
{
    if (hasAdapters())
        return;
    m_mlpAdapter = register_module("MLP_Adapter", Adapter(m_dim, /*skip=*/false));
    m_adapter = register_module("Adapter", Adapter(m_dim, /*skip=*/true));
}

void TwoWayAttentionBlockImpl::enableLora(std::int64_t rank)
{
    m_selfAttn->enableLora(rank);
    m_crossTokenToImage->enableLora(rank);
    m_crossImageToToken->enableLora(rank);
}

std::pair<torch::Tensor, torch::Tensor> TwoWayAttentionBlockImpl::forward(const torch::Tensor& queriesIn,
                                                                          const torch::Tensor& keysIn,
                                                                          const torch::Tensor& queryPe,
                                                                          const torch::Tensor& keyPe)
{
    torch::Tensor queries = queriesIn;
    torch::Tensor keys = keysIn;
    if (m_skipFirstLayerPe) {
        queries = m_selfAttn(queries, queries, queries);
    } else {
        const torch::Tensor q = queries + queryPe;
        queries = queries + m_selfAttn(q, q, queries);
    }
    queries = m_norm1(queries);

    // keys + keyPe once: keys only change at the end of the block, both cross attentions read the same sum.
    const torch::Tensor keysWithPe = keys + keyPe;
    {
        const torch::Tensor q = queries + queryPe;
        queries = queries + m_crossTokenToImage(q, keysWithPe, keys);
    }
    if (hasAdapters())
        queries = m_adapter(queries);
    queries = m_norm2(queries);

    const torch::Tensor mlpOut = m_mlp(queries);
    if (hasAdapters())
        queries = queries + mlpOut + 0.5 * m_mlpAdapter(queries);
    else
        queries = queries + mlpOut;
    queries = m_norm3(queries);

    {
        const torch::Tensor q = queries + queryPe;
        keys = keys + m_crossImageToToken(keysWithPe, q, queries);
    }
    if (hasAdapters())
        keys = m_adapter(keys);
    keys = m_norm4(keys);
    return {queries, keys};
}

} // namespace delineate::sam::detail
