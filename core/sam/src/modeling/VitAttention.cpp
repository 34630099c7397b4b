#include "modeling/VitAttention.h"

#include "modeling/LoraQkv.h"

#include <algorithm>
#include <cmath>

namespace delineate::sam::detail {

namespace {

// Relative position table rows for every (query, key) pair: (qSize, kSize, C).
torch::Tensor relativePositions(std::int64_t qSize, std::int64_t kSize, const torch::Tensor& relPos)
{
    const std::int64_t maxDist = 2 * std::max(qSize, kSize) - 1;
    torch::Tensor table = relPos;
    if (relPos.size(0) != maxDist) {
        namespace F = torch::nn::functional;
        table = F::interpolate(relPos.reshape({1, relPos.size(0), -1}).permute({0, 2, 1}),
                               F::InterpolateFuncOptions()
                                   .size(std::vector<std::int64_t>{maxDist})
                                   .mode(torch::kLinear)
                                   .align_corners(false))
                    .reshape({-1, maxDist})
                    .permute({1, 0});
    }
    const double qScale = std::max(static_cast<double>(kSize) / static_cast<double>(qSize), 1.0);
    const double kScale = std::max(static_cast<double>(qSize) / static_cast<double>(kSize), 1.0);
    const auto longOpts = torch::TensorOptions().dtype(torch::kFloat64).device(relPos.device());
    const torch::Tensor qCoords = torch::arange(qSize, longOpts).unsqueeze(1) * qScale;
    const torch::Tensor kCoords = torch::arange(kSize, longOpts).unsqueeze(0) * kScale;
    const torch::Tensor relative = (qCoords - kCoords) + static_cast<double>(kSize - 1) * kScale;
    return table.index({relative.to(torch::kLong)});
}

} // namespace

torch::Tensor addDecomposedRelPos(const torch::Tensor& attn, const torch::Tensor& q,
                                  const torch::Tensor& relPosH, const torch::Tensor& relPosW, std::int64_t qh,
                                  std::int64_t qw, std::int64_t kh, std::int64_t kw)
{
    const torch::Tensor rh = relativePositions(qh, kh, relPosH);
    const torch::Tensor rw = relativePositions(qw, kw, relPosW);
    const std::int64_t batch = q.size(0);
    const std::int64_t dim = q.size(2);
    const torch::Tensor rq = q.reshape({batch, qh, qw, dim});
    const torch::Tensor relH = torch::einsum("bhwc,hkc->bhwk", {rq, rh});
    const torch::Tensor relW = torch::einsum("bhwc,wkc->bhwk", {rq, rw});
    return (attn.view({batch, qh, qw, kh, kw}) + relH.unsqueeze(4) + relW.unsqueeze(3))
        .view({batch, qh * qw, kh * kw});
}

VitAttentionImpl::VitAttentionImpl(std::int64_t dim, std::int64_t numHeads, bool qkvBias, bool useRelPos,
                                   std::int64_t inputSize)
    : m_numHeads(numHeads), m_useRelPos(useRelPos)
{
    const std::int64_t headDim = dim / numHeads;
    m_scale = std::pow(static_cast<double>(headDim), -0.5);
    m_qkvLinear = torch::nn::Linear(torch::nn::LinearOptions(dim, dim * 3).bias(qkvBias));
    register_module("qkv", m_qkvLinear);
    m_qkv = torch::nn::AnyModule(m_qkvLinear);
    m_proj = register_module("proj", torch::nn::Linear(dim, dim));
    if (useRelPos) {
        m_relPosH = register_parameter("rel_pos_h", torch::zeros({2 * inputSize - 1, headDim}));
        m_relPosW = register_parameter("rel_pos_w", torch::zeros({2 * inputSize - 1, headDim}));
    }
}

void VitAttentionImpl::enableLora(std::int64_t rank)
{
    if (m_lora)
        return;
    LoraQkv wrapped(m_qkvLinear, rank);
    replace_module("qkv", wrapped);
    m_qkv = torch::nn::AnyModule(wrapped);
    m_lora = true;
}

torch::Tensor VitAttentionImpl::forward(const torch::Tensor& x)
{
    const std::int64_t batch = x.size(0);
    const std::int64_t h = x.size(1);
    const std::int64_t w = x.size(2);
    // (3, B*heads, HW, head_dim)
    const torch::Tensor qkv = m_qkv.forward(x)
                                  .reshape({batch, h * w, 3, m_numHeads, -1})
                                  .permute({2, 0, 3, 1, 4})
                                  .reshape({3, batch * m_numHeads, h * w, -1});
    const auto parts = qkv.unbind(0);
    const torch::Tensor& q = parts[0];
    const torch::Tensor& k = parts[1];
    const torch::Tensor& v = parts[2];

    torch::Tensor attn = (q * m_scale).matmul(k.transpose(-2, -1));
    if (m_useRelPos)
        attn = addDecomposedRelPos(attn, q, m_relPosH, m_relPosW, h, w, h, w);
    attn = attn.softmax(-1);
    const torch::Tensor out = attn.matmul(v)
                                  .view({batch, m_numHeads, h, w, -1})
                                  .permute({0, 2, 3, 1, 4})
                                  .reshape({batch, h, w, -1});
    return m_proj(out);
}

} // namespace delineate::sam::detail
