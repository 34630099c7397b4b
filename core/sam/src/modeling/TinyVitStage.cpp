#include "modeling/TinyVitStage.h"

namespace delineate::sam::detail {

TinyVitStageImpl::TinyVitStageImpl(const TinyVitStageOptions& options) : m_options(options)
{
    m_blockList = register_module("blocks", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < options.depth; ++i) {
        if (options.convolutional) {
            MbConv block(options.dim, options.mbconvExpandRatio);
            m_blockList->push_back(block);
            m_convBlocks.push_back(block);
        } else {
            TinyVitBlock block(options.dim, options.resolution, options.numHeads, options.windowSize,
                               options.mlpRatio, options.localConvSize);
            m_blockList->push_back(block);
            m_vitBlocks.push_back(block);
        }
    }
    if (options.downsampleTo)
        m_downsample = register_module("downsample",
                                       PatchMerging(options.resolution, options.dim, *options.downsampleTo));
}

std::int64_t TinyVitStageImpl::outputResolution() const
{
    return m_downsample.is_empty() ? m_options.resolution : m_downsample->outputResolution();
}

std::int64_t TinyVitStageImpl::outputDim() const
{
    return m_options.downsampleTo.value_or(m_options.dim);
}

void TinyVitStageImpl::enableAdapters()
{
    for (TinyVitBlock& block : m_vitBlocks)
        block->enableAdapters();
}

void TinyVitStageImpl::enableLora(std::int64_t rank)
{
    for (TinyVitBlock& block : m_vitBlocks)
        block->enableLora(rank);
}

torch::Tensor TinyVitStageImpl::forward(const torch::Tensor& input,
                                        const std::function<void()>& betweenBlocks)
{
    torch::Tensor x = input;
    for (MbConv& block : m_convBlocks) {
        if (betweenBlocks)
            betweenBlocks();
        x = block(x);
    }
    for (TinyVitBlock& block : m_vitBlocks) {
        if (betweenBlocks)
            betweenBlocks();
        x = block(x);
    }
    if (!m_downsample.is_empty())
        x = m_downsample(x);
    return x;
}

} // namespace delineate::sam::detail
