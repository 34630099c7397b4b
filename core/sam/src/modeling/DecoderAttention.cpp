#include "modeling/DecoderAttention.h"

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
    m_qLora = LoraLinear(m_qLinear, rank);
    m_vLora = LoraLinear(m_vLinear, rank);
    replace_module("q_proj", m_qLora);
    replace_module("v_proj", m_vLora);
    m_q = torch::nn::AnyModule(m_qLora);
    m_v = torch::nn::AnyModule(m_vLora);
    m_lora = true;
}

torch::Tensor DecoderAttentionImpl::qWeight() const
{
    return m_lora ? m_qLora->effectiveWeight() : m_qLinear->weight;
}

torch::Tensor DecoderAttentionImpl::vWeight() const
{
    return m_lora ? m_vLora->effectiveWeight() : m_vLinear->weight;
}

torch::Tensor DecoderAttentionImpl::forward(const torch::Tensor& qIn, const torch::Tensor& kIn,
                                            const torch::Tensor& vIn)
{
    // The reordered products pay off when one side is much longer than the other (tokens vs image).
    constexpr std::int64_t ratio = 16;
    if (!torch::GradMode::is_enabled()) {
        if (kIn.size(1) >= ratio * qIn.size(1))
            return forwardFewQueries(qIn, kIn, vIn);
        if (qIn.size(1) >= ratio * kIn.size(1))
            return forwardFewKeys(qIn, kIn, vIn);
    }
    const torch::Tensor q = separateHeads(m_q.forward(qIn), m_numHeads);
    const torch::Tensor k = separateHeads(m_kLinear(kIn), m_numHeads);
    const torch::Tensor v = separateHeads(m_v.forward(vIn), m_numHeads);
    const auto cPerHead = static_cast<double>(q.size(3));
    torch::Tensor attn = q.matmul(k.permute({0, 1, 3, 2}));
    attn = attn / std::sqrt(cPerHead);
    attn = torch::softmax(attn, -1);
    return m_out(recombineHeads(attn.matmul(v)));
}

// Few queries (Nq tokens) against many keys (Nk image positions): k and v are never projected.
//   logits_h = q_h k_proj(k)_h^T = (q_h W_k,h) k^T + q_h . b_k,h
//   A_h v_proj(v)_h = (A_h v) W_v,h^T + b_v,h                      (rows of A_h sum to 1)
torch::Tensor DecoderAttentionImpl::forwardFewQueries(const torch::Tensor& qIn, const torch::Tensor& kIn,
                                                      const torch::Tensor& vIn)
{
    const std::int64_t heads = m_numHeads;
    const torch::Tensor q = separateHeads(m_q.forward(qIn), heads); // (B, h, Nq, d)
    const std::int64_t b = q.size(0), nq = q.size(2), d = q.size(3), c = kIn.size(2), nk = kIn.size(1);
    const torch::Tensor wk = m_kLinear->weight.view({heads, d, c});
    const torch::Tensor qk = q.matmul(wk).reshape({b, heads * nq, c});                     // (B, h Nq, C)
    const torch::Tensor qb = q.matmul(m_kLinear->bias.view({heads, d, 1}));                // (B, h, Nq, 1)
    torch::Tensor attn = qk.matmul(kIn.transpose(1, 2)).view({b, heads, nq, nk}).add_(qb); // (B, h, Nq, Nk)
    attn = torch::softmax(attn.div_(std::sqrt(static_cast<double>(d))), -1);
    const torch::Tensor av = attn.view({b, heads * nq, nk}).matmul(vIn).view({b, heads, nq, c});
    const torch::Tensor wv = vWeight().view({heads, d, c});
    const torch::Tensor out = av.matmul(wv.transpose(1, 2)).add_(m_vLinear->bias.view({heads, 1, d}));
    return m_out(recombineHeads(out));
}

// Many queries (Nq image positions) against few keys (Nk tokens): q and the attention output are never
// projected per image position.
//   logits_h = q_proj(q)_h k_h^T = q (k_h W_q,h)^T + b_q,h k_h^T
//   out_proj(concat_h A_h v_h) = sum_h A_h (v_h W_o,h^T) + b_o
// The logits are laid out (B, h, Nk, Nq) so that softmax runs over a strided dim of Nk entries:
// LibTorch's CPU softmax over a last dim of ~7 is ten times slower than this.
torch::Tensor DecoderAttentionImpl::forwardFewKeys(const torch::Tensor& qIn, const torch::Tensor& kIn,
                                                   const torch::Tensor& vIn)
{
    const std::int64_t heads = m_numHeads;
    const torch::Tensor k = separateHeads(m_kLinear(kIn), heads);   // (Bk, h, Nk, d)
    const torch::Tensor v = separateHeads(m_v.forward(vIn), heads); // (Bk, h, Nk, d)
    const std::int64_t bk = k.size(0), nk = k.size(2), d = k.size(3), c = qIn.size(2), nq = qIn.size(1);
    const torch::Tensor folded = k.matmul(qWeight().view({heads, d, c})).reshape({bk, heads * nk, c});
    const torch::Tensor bias = k.matmul(m_qLinear->bias.view({heads, d, 1})); // (Bk, h, Nk, 1)
    torch::Tensor attn = folded.matmul(qIn.transpose(1, 2));                  // (B, h Nk, Nq)
    const std::int64_t b = attn.size(0);
    attn = attn.view({b, heads, nk, nq}).add_(bias).div_(std::sqrt(static_cast<double>(d)));
    attn = torch::softmax(attn, 2).view({b, heads * nk, nq});
    const torch::Tensor wo = m_out->weight.view({c, heads, d}).permute({1, 2, 0}); // (h, d, C)
    const torch::Tensor vo = v.matmul(wo).reshape({bk, heads * nk, c});            // (Bk, h Nk, C)
    return attn.transpose(1, 2).matmul(vo).add_(m_out->bias);                      // (B, Nq, C)
}

} // namespace delineate::sam::detail
