#include "modeling/VitBlock.h"

namespace delineate::sam::detail {

namespace {

// (B, H, W, C) -> windows (B * nWindows, ws, ws, C), zero padded to multiples of ws.
torch::Tensor windowPartition(const torch::Tensor& x, std::int64_t ws, std::int64_t& hp, std::int64_t& wp)
{
    const std::int64_t b = x.size(0), h = x.size(1), w = x.size(2), c = x.size(3);
    const std::int64_t padH = (ws - h % ws) % ws;
    const std::int64_t padW = (ws - w % ws) % ws;
    torch::Tensor padded = x;
    if (padH > 0 || padW > 0)
        padded = torch::constant_pad_nd(x, {0, 0, 0, padW, 0, padH}, 0.0);
    hp = h + padH;
    wp = w + padW;
    return padded.view({b, hp / ws, ws, wp / ws, ws, c})
        .permute({0, 1, 3, 2, 4, 5})
        .contiguous()
        .view({-1, ws, ws, c});
}

torch::Tensor windowUnpartition(const torch::Tensor& windows, std::int64_t ws, std::int64_t hp,
                                std::int64_t wp, std::int64_t h, std::int64_t w)
{
    const std::int64_t b = windows.size(0) / (hp * wp / ws / ws);
    torch::Tensor x = windows.view({b, hp / ws, wp / ws, ws, ws, -1})
                          .permute({0, 1, 3, 2, 4, 5})
                          .contiguous()
                          .view({b, hp, wp, -1});
    if (hp > h || wp > w)
        x = x.slice(1, 0, h).slice(2, 0, w).contiguous();
    return x;
}

} // namespace

VitBlockImpl::VitBlockImpl(const VitBlockOptions& options) : m_options(options)
{
    const auto norm = [&] {
        return torch::nn::LayerNorm(torch::nn::LayerNormOptions({options.dim}).eps(1e-6));
    };
    m_norm1 = register_module("norm1", norm());
    const std::int64_t attnSize = options.windowSize > 0 ? options.windowSize : options.inputSize;
    m_attn = register_module(
        "attn", VitAttention(options.dim, options.numHeads, options.qkvBias, options.useRelPos, attnSize));
    m_norm2 = register_module("norm2", norm());
    const auto mlpDim = static_cast<std::int64_t>(static_cast<double>(options.dim) * options.mlpRatio);
    m_mlp = register_module("mlp", MlpBlock(options.dim, mlpDim, Activation::Gelu));
}

void VitBlockImpl::enableAdapters()
{
    if (hasAdapters())
        return;
    m_mlpAdapter = register_module("MLP_Adapter", Adapter(m_options.dim, /*skip=*/false));
    m_spaceAdapter = register_module("Space_Adapter", Adapter(m_options.dim, /*skip=*/true));
}

torch::Tensor VitBlockImpl::forward(const torch::Tensor& input)
{
    const std::int64_t ws = m_options.windowSize;
    const std::int64_t h = input.size(1);
    const std::int64_t w = input.size(2);
    std::int64_t hp = h, wp = w;

    torch::Tensor x = input;
    if (!m_options.normAfterWindowPartition)
        x = m_norm1(x);
    if (ws > 0)
        x = windowPartition(x, ws, hp, wp);
    if (m_options.normAfterWindowPartition)
        x = m_norm1(x);
    x = m_attn(x);
    if (hasAdapters())
        x = m_spaceAdapter(x);
    if (ws > 0)
        x = windowUnpartition(x, ws, hp, wp, h, w);

    x = input + x;
    const torch::Tensor xn = m_norm2(x);
    if (hasAdapters())
        return x + m_mlp(xn) + 0.5 * m_mlpAdapter(xn);
    return x + m_mlp(xn);
}

} // namespace delineate::sam::detail
