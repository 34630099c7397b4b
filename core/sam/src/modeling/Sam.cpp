#include "modeling/Sam.h"

#include "modeling/ImageEncoderViT.h"
#include "modeling/TinyVit.h"
#include "sam/MaskResize.h"

#include <stdexcept>

namespace delineate::sam::detail {

Sam::Sam(const SamConfig& config) : m_config(config)
{
    if (config.encoder == EncoderKind::Vit)
        m_imageEncoder = std::make_shared<ImageEncoderViT>(config.vit);
    else
        m_imageEncoder = std::make_shared<TinyVit>(config.tinyVit);
    register_module("image_encoder", m_imageEncoder);

    m_promptEncoder =
        register_module("prompt_encoder", PromptEncoder(config.promptEmbedDim, config.imageEmbeddingSize,
                                                        config.imageSize(), config.maskInChans));
    MaskDecoderOptions decoder;
    decoder.transformerDim = config.promptEmbedDim;
    decoder.numMultimaskOutputs = config.numMultimaskOutputs;
    decoder.transformerDepth = config.decoderDepth;
    decoder.transformerHeads = config.decoderHeads;
    decoder.transformerMlpDim = config.decoderMlpDim;
    decoder.attentionDownsampleRate = config.attentionDownsampleRate;
    decoder.iouHeadDepth = config.iouHeadDepth;
    decoder.iouHeadHiddenDim = config.iouHeadHiddenDim;
    m_maskDecoder = register_module("mask_decoder", MaskDecoder(decoder));

    const PeftConfig peft = config.peft;
    m_config.peft = PeftConfig{};
    applyPeft(peft);
    eval();
}

void Sam::applyPeft(const PeftConfig& peft)
{
    if (peft.method == PeftMethod::None)
        return;
    const auto rank = static_cast<std::int64_t>(peft.rank);
    if (auto* vit = dynamic_cast<ImageEncoderViT*>(m_imageEncoder.get())) {
        for (int index : peft.encoderLayers) {
            if (index < 0 || static_cast<std::size_t>(index) >= vit->blockCount())
                throw std::out_of_range("PEFT encoder block index " + std::to_string(index) +
                                        " out of range");
            VitBlock& block = vit->block(static_cast<std::size_t>(index));
            if (peft.method == PeftMethod::Lora)
                block->attention()->enableLora(rank);
            else
                block->enableAdapters();
        }
    } else if (auto* tiny = dynamic_cast<TinyVit*>(m_imageEncoder.get())) {
        for (int index : peft.encoderLayers) {
            if (index < 1 || static_cast<std::size_t>(index) >= tiny->stageCount())
                throw std::out_of_range("PEFT encoder stage index " + std::to_string(index) +
                                        " out of range");
            if (peft.method == PeftMethod::Lora)
                tiny->stage(static_cast<std::size_t>(index))->enableLora(rank);
            else
                tiny->stage(static_cast<std::size_t>(index))->enableAdapters();
        }
    }
    TwoWayTransformer& transformer = m_maskDecoder->transformer();
    for (int index : peft.decoderLayers) {
        if (index < 0 || static_cast<std::size_t>(index) >= transformer->layerCount())
            throw std::out_of_range("PEFT decoder layer index " + std::to_string(index) + " out of range");
        TwoWayAttentionBlock& block = transformer->layer(static_cast<std::size_t>(index));
        if (peft.method == PeftMethod::Lora)
            block->enableLora(rank);
        else
            block->enableAdapters();
    }
    if (peft.method == PeftMethod::Lora && peft.decoderFinalAttention && !peft.decoderLayers.empty())
        transformer->finalAttention()->enableLora(rank);
    m_config.peft = peft;
    // New submodules are created in training mode; keep the model's mode consistent.
    train(is_training());
}

torch::Tensor Sam::postprocessMasks(const torch::Tensor& masks, std::int64_t inputH, std::int64_t inputW,
                                    std::int64_t originalH, std::int64_t originalW, std::int64_t imageSize)
{
    namespace F = torch::nn::functional;
    const auto bilinear = [](const torch::Tensor& x, std::int64_t h, std::int64_t w) {
        return F::interpolate(x, F::InterpolateFuncOptions()
                                     .size(std::vector<std::int64_t>{h, w})
                                     .mode(torch::kBilinear)
                                     .align_corners(false));
    };
    if (torch::GradMode::is_enabled() || !masks.device().is_cpu() || masks.scalar_type() != torch::kFloat) {
        torch::Tensor out = bilinear(masks, imageSize, imageSize);
        out = out.slice(2, 0, inputH).slice(3, 0, inputW);
        return bilinear(out, originalH, originalW);
    }
    // Inference on the CPU: the same two resizes, without computing the cropped-away part.
    torch::Tensor original =
        torch::empty({masks.size(0), masks.size(1), originalH, originalW}, masks.options());
    postprocessMasksInto(masks, inputH, inputW, originalH, originalW, imageSize, original.data_ptr<float>());
    return original;
}

void Sam::postprocessMasksInto(const torch::Tensor& masks, std::int64_t inputH, std::int64_t inputW,
                               std::int64_t originalH, std::int64_t originalW, std::int64_t imageSize,
                               float* dst)
{
    const torch::Tensor low = masks.contiguous();
    const std::int64_t planes = low.size(0) * low.size(1);
    torch::Tensor input = torch::empty({planes, inputH, inputW}, low.options());
    resizeBilinearCropped(low.data_ptr<float>(), planes, low.size(2), low.size(3), imageSize, imageSize,
                          inputH, inputW, input.data_ptr<float>());
    resizeBilinearCropped(input.data_ptr<float>(), planes, inputH, inputW, originalH, originalW, originalH,
                          originalW, dst);
}

} // namespace delineate::sam::detail
