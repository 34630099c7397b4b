#include "SlicePreprocessor.h"

#include "sam/PillowResize.h"
#include "sam/ResizeTransform.h"
#include "sam/SamModel.h"

#include <stdexcept>

namespace delineate::train::detail {

namespace {

sam::ResizeTransform transformFor(sam::PreprocessKind kind, int height, int width, int imageSize)
{
    return kind == sam::PreprocessKind::Sam ? sam::ResizeTransform::longestSide(height, width, imageSize)
                                            : sam::ResizeTransform::square(height, width, imageSize);
}

} // namespace

SlicePreprocessor::SlicePreprocessor(const TrainingSlice& slice, sam::PreprocessKind kind, int imageSize)
    : m_width(slice.width), m_height(slice.height), m_imageSize(imageSize), m_kind(kind)
{
    if (slice.width < 1 || slice.height < 1 ||
        slice.rgb.size() != static_cast<std::size_t>(slice.width) * slice.height * 3 ||
        slice.mask.size() != static_cast<std::size_t>(slice.width) * slice.height)
        throw std::invalid_argument("training slice: rgb must be H x W x 3 and mask H x W");
    const sam::ResizeTransform transform = transformFor(kind, m_height, m_width, imageSize);
    m_inputWidth = transform.inputWidth();
    m_inputHeight = transform.inputHeight();

    std::vector<std::uint8_t> binary(slice.mask.size());
    for (std::size_t i = 0; i < binary.size(); ++i)
        binary[i] = slice.mask[i] != 0 ? 1 : 0;
    std::vector<std::uint8_t> resized =
        sam::pillowResizeNearest(binary.data(), m_width, m_height, 1, m_inputWidth, m_inputHeight);
    const torch::Tensor inFrame =
        torch::from_blob(resized.data(), {m_inputHeight, m_inputWidth}, torch::kUInt8).to(torch::kFloat);
    torch::Tensor padded = torch::zeros({1, 1, imageSize, imageSize});
    padded.index_put_(
        {0, 0, torch::indexing::Slice(0, m_inputHeight), torch::indexing::Slice(0, m_inputWidth)}, inFrame);
    const int factor = imageSize / kLowResSize;
    m_target = torch::avg_pool2d(padded, factor).squeeze(0).squeeze(0).ge(0.5).to(torch::kLong);

    torch::Tensor covered = torch::zeros({1, 1, imageSize, imageSize});
    covered.index_put_(
        {0, 0, torch::indexing::Slice(0, m_inputHeight), torch::indexing::Slice(0, m_inputWidth)}, 1.0);
    m_valid = torch::avg_pool2d(covered, factor).squeeze(0).squeeze(0).ge(0.5);
}

torch::Tensor SlicePreprocessor::modelInput(const std::vector<std::uint8_t>& rgb) const
{
    const sam::ResizeTransform transform = transformFor(m_kind, m_height, m_width, m_imageSize);
    const std::vector<std::uint8_t> resized = transform.resizeImage(rgb.data(), 3);
    return sam::SamModel::preprocess(resized.data(), m_inputHeight, m_inputWidth, 3, m_kind, m_imageSize);
}

} // namespace delineate::train::detail
