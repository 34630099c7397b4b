#include "modeling/TinyVitBlock.h"

namespace delineate::sam::detail {

TinyVitBlockImpl::TinyVitBlockImpl(std::int64_t dim, std::int64_t resolution, std::int64_t numHeads,
                                   std::int64_t windowSize, double mlpRatio, std::int64_t localConvSize)
    : m_dim(dim), m_resolution(resolution), m_windowSize(windowSize)
{
    m_attn = register_module("attn", TinyVitAttention(dim, dim / numHeads, numHeads, windowSize));
    const auto hidden = static_cast<std::int64_t>(static_cast<double>(dim) * mlpRatio);
    m_mlpNorm = torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}));
    m_fc1 = torch::nn::Linear(dim, hidden);
    m_fc2 = torch::nn::Linear(hidden, dim);
    m_mlp = register_module("mlp", torch::nn::ModuleDict());
    m_mlp->update({{"norm", m_mlpNorm.ptr()}, {"fc1", m_fc1.ptr()}, {"fc2", m_fc2.ptr()}});
    m_localConv = register_module("local_conv", Conv2dBn(dim, dim, localConvSize, 1, localConvSize / 2, dim));
}

void TinyVitBlockImpl::enableAdapters()
{
    if (hasAdapters())
        return;
    m_mlpAdapter = register_module("MLP_Adapter", Adapter(m_dim, /*skip=*/false));
    m_spaceAdapter = register_module("Space_Adapter", Adapter(m_dim, /*skip=*/true));
}

torch::Tensor TinyVitBlockImpl::mlp(const torch::Tensor& x)
{
    return m_fc2(torch::gelu(m_fc1(m_mlpNorm(x))));
}

torch::Tensor TinyVitBlockImpl::forward(const torch::Tensor& input)
{
    const std::int64_t b = input.size(0);
    const std::int64_t l = input.size(1);
    const std::int64_t c = input.size(2);
    const std::int64_t h = m_resolution, w = m_resolution, ws = m_windowSize;

    torch::Tensor x;
    if (h == ws && w == ws) {
        x = m_attn(input);
    } else {
        x = input.view({b, h, w, c});
        const std::int64_t padB = (ws - h % ws) % ws;
        const std::int64_t padR = (ws - w % ws) % ws;
        const bool padding = padB > 0 || padR > 0;
        if (padding)
            x = torch::constant_pad_nd(x, {0, 0, 0, padR, 0, padB}, 0.0);
        const std::int64_t ph = h + padB, pw = w + padR;
        const std::int64_t nh = ph / ws, nw = pw / ws;
        x = x.view({b, nh, ws, nw, ws, c}).transpose(2, 3).reshape({b * nh * nw, ws * ws, c});
        x = m_attn(x);
        x = x.view({b, nh, nw, ws, ws, c}).transpose(2, 3).reshape({b, ph, pw, c});
        if (padding)
            x = x.slice(1, 0, h).slice(2, 0, w).contiguous();
        x = x.view({b, l, c});
    }
    if (hasAdapters())
        x = m_spaceAdapter(x);
    x = input + x;

    if (torch::GradMode::is_enabled()) {
        x = x.transpose(1, 2).reshape({b, c, h, w});
        x = m_localConv(x);
        x = x.view({b, c, l}).transpose(1, 2);
    } else { // the tokens as a channels-last NCHW view: no transposing copies around the convolution
        x = m_localConv(x.view({b, h, w, c}).permute({0, 3, 1, 2}));
        x = x.permute({0, 2, 3, 1}).reshape({b, l, c});
    }

    if (hasAdapters())
        return x + mlp(x) + 0.5 * m_mlpAdapter(x);
    return x + mlp(x);
}

} // namespace delineate::sam::detail
