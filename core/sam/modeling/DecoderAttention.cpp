#include "modeling/DecoderAttention.h"

#include "modeling/LoraLinear.h"

#include <cmath>

namespace delineate::sam::detail {

namespace {

// (B, N, C) -> (B, heads, N, C / heads)
torch::Tensor separateHeads(const torch::Tensor& x, std::int64_t heads)
{
    return x.reshape({x.size(0), x.size(1), heads, x.size(2) / heads}).transpose(1, 2);
}

torch::Tensor recombineHeads(const torch::Tensor& x)
{
    const torch::Tensor t = x.transpose(1, 2);
    return t.reshape({t.size(0), t.size(1), t.size(2) * t.size(3)});
}

} // namespace

DecoderAttentionImpl::DecoderAttentionImpl(std::int64_t embeddingDim, std::int64_t numHeads,
                                           std::int64_t downsampleRate)
    : m_numHeads(numHeads)
{
    const std::int64_t internal = embeddingDim / downsampleRate;
    m_qLinear = register_module("q_proj", torch::nn::Linear(embeddingDim, internal));
    m_kLinear = register_module("k_proj", torch::nn::Linear(embeddingDim, internal));
    m_vLinear = register_module("v_proj", torch::nn::Linear(embeddingDim, internal));
    m_out = register_module("out_proj", torch::nn::Linear(internal, embeddingDim));
    m_q = torch::nn::AnyModule(m_qLinear);
    m_v = torch::nn::AnyModule(m_vLinear);
}

void DecoderAttentionImpl::enableLora(std::int64_t rank)
{
    if (m_lora)
        return;
    LoraLinear q(m_qLinear, rank);
    LoraLinear v(m_vLinear, rank);
    replace_module("q_proj", q);
    replace_module("v_proj", v);
    m_q = torch::nn::AnyModule(q);
    m_v = torch::nn::AnyModule(v);
    m_lora = true;
}

torch::Tensor DecoderAttentionImpl::forward(const torch::Tensor& qIn, const torch::Tensor& kIn, const torch::Tensor& vIn)
{
    const torch::Tensor q = separateHeads(m_q.forward(qIn), m_numHeads);
    const torch::Tensor k = separateHeads(m_kLinear(kIn), m_numHeads);
    const torch::Tensor v = separateHeads(m_v.forward(vIn), m_numHeads);
    const auto cPerHead = static_cast<double>(q.size(3));
    torch::Tensor attn = q.matmul(k.permute({0, 1, 3, 2}));
    attn = attn / std::sqrt(cPerHead);
    attn = torch::softmax(attn, -1);
    return m_out(recombineHeads(attn.matmul(v)));
}

} // namespace delineate::sam::detail
