#include "modeling/TinyVitAttention.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <utility>
#include <vector>

namespace delineate::sam::detail {

namespace {

// Offsets numbered in order of first appearance over product(range(ws), range(ws)) pairs.
torch::Tensor buildBiasIndexes(std::int64_t ws, std::int64_t& offsetCount)
{
    const std::int64_t n = ws * ws;
    std::map<std::pair<std::int64_t, std::int64_t>, std::int64_t> offsets;
    std::vector<std::int64_t> idxs;
    idxs.reserve(static_cast<std::size_t>(n * n));
    for (std::int64_t p1 = 0; p1 < n; ++p1) {
        for (std::int64_t p2 = 0; p2 < n; ++p2) {
            const std::pair<std::int64_t, std::int64_t> offset{std::llabs(p1 / ws - p2 / ws),
                                                               std::llabs(p1 % ws - p2 % ws)};
            auto it = offsets.find(offset);
            if (it == offsets.end())
                it = offsets.emplace(offset, static_cast<std::int64_t>(offsets.size())).first;
            idxs.push_back(it->second);
        }
    }
    offsetCount = static_cast<std::int64_t>(offsets.size());
    return torch::tensor(idxs, torch::kLong).view({n, n});
}

} // namespace

TinyVitAttentionImpl::TinyVitAttentionImpl(std::int64_t dim, std::int64_t keyDim, std::int64_t numHeads,
                                           std::int64_t windowSize)
    : m_numHeads(numHeads), m_keyDim(keyDim)
{
    m_scale = std::pow(static_cast<double>(keyDim), -0.5);
    const std::int64_t dh = keyDim * numHeads; // attn_ratio 1
    m_norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    m_qkv = register_module("qkv", torch::nn::Linear(dim, dh + 2 * keyDim * numHeads));
    m_proj = register_module("proj", torch::nn::Linear(dh, dim));
    std::int64_t offsetCount = 0;
    m_biasIdxs = buildBiasIndexes(windowSize, offsetCount);
    m_attentionBiases = register_parameter("attention_biases", torch::zeros({numHeads, offsetCount}));
}

void TinyVitAttentionImpl::enableLora(std::int64_t rank)
{
    if (hasLora())
        return;
    m_lora = LoraQkv(m_qkv, rank);
    replace_module("qkv", m_lora);
}

torch::Tensor TinyVitAttentionImpl::forward(const torch::Tensor& input)
{
    const std::int64_t b = input.size(0);
    const std::int64_t n = input.size(1);
    const torch::Tensor x = m_norm(input);
    const torch::Tensor qkv = m_lora.is_empty() ? m_qkv(x) : m_lora(x);
    const auto parts = qkv.view({b, n, m_numHeads, -1}).split_with_sizes({m_keyDim, m_keyDim, m_keyDim}, 3);
    const torch::Tensor q = parts[0].permute({0, 2, 1, 3});
    const torch::Tensor k = parts[1].permute({0, 2, 1, 3});
    const torch::Tensor v = parts[2].permute({0, 2, 1, 3});

    if (m_biasIdxs.device() != m_attentionBiases.device())
        m_biasIdxs = m_biasIdxs.to(m_attentionBiases.device());
    const torch::Tensor bias =
        m_attentionBiases.index_select(1, m_biasIdxs.view({-1})).view({m_numHeads, n, n});

    torch::Tensor attn = q.matmul(k.transpose(-2, -1)) * m_scale + bias;
    attn = attn.softmax(-1);
    const torch::Tensor out = attn.matmul(v).transpose(1, 2).reshape({b, n, m_keyDim * m_numHeads});
    return m_proj(out);
}

} // namespace delineate::sam::detail
