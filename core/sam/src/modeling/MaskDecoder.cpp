#include "modeling/MaskDecoder.h"

namespace delineate::sam::detail {

MaskDecoderImpl::MaskDecoderImpl(const MaskDecoderOptions& options)
    : m_numMaskTokens(options.numMultimaskOutputs + 1)
{
    const std::int64_t dim = options.transformerDim;
    m_transformer = register_module(
        "transformer", TwoWayTransformer(options.transformerDepth, dim, options.transformerHeads,
                                         options.transformerMlpDim, options.attentionDownsampleRate));
    m_iouToken = register_module("iou_token", torch::nn::Embedding(1, dim));
    m_maskTokens = register_module("mask_tokens", torch::nn::Embedding(m_numMaskTokens, dim));
    using torch::nn::ConvTranspose2dOptions;
    const auto gelu = [](const torch::Tensor& t) { return torch::gelu(t); };
    m_upscale1 = torch::nn::ConvTranspose2d(ConvTranspose2dOptions(dim, dim / 4, 2).stride(2));
    m_upscaleNorm = LayerNorm2d(dim / 4);
    m_upscale2 = torch::nn::ConvTranspose2d(ConvTranspose2dOptions(dim / 4, dim / 8, 2).stride(2));
    m_upscaling = register_module(
        "output_upscaling", torch::nn::Sequential(m_upscale1, m_upscaleNorm, torch::nn::Functional(gelu),
                                                  m_upscale2, torch::nn::Functional(gelu)));
    m_hyperList = register_module("output_hypernetworks_mlps", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < m_numMaskTokens; ++i) {
        MaskDecoderMlp mlp(dim, dim, dim / 8, 3);
        m_hyperList->push_back(mlp);
        m_hypernetworks.push_back(mlp);
    }
    m_iouHead = register_module("iou_prediction_head", MaskDecoderMlp(dim, options.iouHeadHiddenDim,
                                                                      m_numMaskTokens, options.iouHeadDepth));
}

std::pair<torch::Tensor, torch::Tensor>
MaskDecoderImpl::forward(const torch::Tensor& imageEmbeddings, const torch::Tensor& imagePe,
                         const torch::Tensor& sparse, const torch::Tensor& dense, bool multimaskOutput)
{
    auto [masks, iou] = predictMasks(imageEmbeddings, imagePe, sparse, dense);
    if (multimaskOutput)
        return {masks.slice(1, 1), iou.slice(1, 1)};
    return {masks.slice(1, 0, 1), iou.slice(1, 0, 1)};
}

std::pair<torch::Tensor, torch::Tensor> MaskDecoderImpl::predictMasks(const torch::Tensor& imageEmbeddings,
                                                                      const torch::Tensor& imagePe,
                                                                      const torch::Tensor& sparse,
                                                                      const torch::Tensor& dense)
{
    torch::Tensor outputTokens = torch::cat({m_iouToken->weight, m_maskTokens->weight}, 0);
    outputTokens = outputTokens.unsqueeze(0).expand({sparse.size(0), -1, -1});
    const torch::Tensor tokens = torch::cat({outputTokens, sparse}, 1);

    torch::Tensor src = imageEmbeddings;
    if (imageEmbeddings.size(0) != tokens.size(0))
        src = torch::repeat_interleave(imageEmbeddings, tokens.size(0), 0);
    src = src + dense;
    // Batch 1 (one prompt): the positional encoding as is, no copy.
    const torch::Tensor posSrc =
        tokens.size(0) == 1 ? imagePe : torch::repeat_interleave(imagePe, tokens.size(0), 0);
    const std::int64_t b = src.size(0), c = src.size(1), h = src.size(2), w = src.size(3);

    auto [hs, keys] = m_transformer(src, posSrc, tokens);
    const torch::Tensor iouTokenOut = hs.select(1, 0);
    const torch::Tensor maskTokensOut = hs.slice(1, 1, 1 + m_numMaskTokens);

    std::vector<torch::Tensor> hyper;
    hyper.reserve(m_hypernetworks.size());
    for (std::int64_t i = 0; i < m_numMaskTokens; ++i)
        hyper.push_back(m_hypernetworks[static_cast<std::size_t>(i)](maskTokensOut.select(1, i)));
    const torch::Tensor hyperIn = torch::stack(hyper, 1);
    torch::Tensor masks;
    if (torch::GradMode::is_enabled()) {
        const torch::Tensor upscaled = m_upscaling->forward(keys.transpose(1, 2).reshape({b, c, h, w}));
        const std::int64_t uc = upscaled.size(1), uh = upscaled.size(2), uw = upscaled.size(3);
        masks = hyperIn.matmul(upscaled.view({b, uc, uh * uw})).view({b, -1, uh, uw});
    } else {
        const torch::Tensor upscaled = upscaleChannelsLast(keys, h, w); // (B, 16 HW, C / 8)
        masks = hyperIn.matmul(upscaled.transpose(1, 2)).view({b, -1, 4 * h, 4 * w});
    }
    const torch::Tensor iou = m_iouHead(iouTokenOut);
    return {masks, iou};
}

namespace {

// ConvTranspose2d with kernel = stride = 2 on channels-last input (B, H W, Cin): one product with the
// weight seen as (Cin, Cout x 2 x 2), then each position's 2 x 2 outputs moved into place.
// Returns channels-last (B, 2H 2W, Cout).
torch::Tensor convTranspose2x2(const torch::Tensor& x, std::int64_t h, std::int64_t w,
                               const torch::nn::ConvTranspose2d& conv)
{
    const std::int64_t b = x.size(0), cin = conv->weight.size(0), cout = conv->weight.size(1);
    const torch::Tensor y = x.matmul(conv->weight.reshape({cin, cout * 4})); // (B, HW, Cout x 2 x 2)
    return y.view({b, h, w, cout, 2, 2})
        .permute({0, 1, 4, 2, 5, 3}) // (B, H, 2, W, 2, Cout)
        .reshape({b, 4 * h * w, cout})
        .add_(conv->bias);
}

} // namespace

// output_upscaling in the layout the transformer already has: no NCHW transposes, the transposed
// convolutions as plain matrix products (LibTorch 1.13's slow_conv_transpose2d took 7.4 ms for the
// first one here, the product 6.2 ms), LayerNorm2d as a fused layer_norm over the last dim.
torch::Tensor MaskDecoderImpl::upscaleChannelsLast(const torch::Tensor& tokens, std::int64_t h,
                                                   std::int64_t w)
{
    torch::Tensor x = convTranspose2x2(tokens, h, w, m_upscale1);
    x = torch::gelu(m_upscaleNorm->forwardChannelsLast(x));
    return torch::gelu(convTranspose2x2(x, 2 * h, 2 * w, m_upscale2));
}

} // namespace delineate::sam::detail
