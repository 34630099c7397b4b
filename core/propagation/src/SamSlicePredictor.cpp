#include "propagation/SamSlicePredictor.h"

#include "image/Intensity.h"
#include "sam/MaskResize.h"
#include "sam/ResizeTransform.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace delineate::propagation {

SamSlicePredictor::SamSlicePredictor(sam::SamPredictor& predictor, const image::Volume& volume,
                                     std::size_t capacity)
    : m_predictor(predictor), m_volume(volume), m_capacity(std::max<std::size_t>(1, capacity))
{
}

const sam::SamImageEmbedding* SamSlicePredictor::cached(const Key& key) const
{
    for (const auto& [k, embedding] : m_cache)
        if (k == key)
            return &embedding;
    return nullptr;
}

void SamSlicePredictor::remember(const Key& key, sam::SamImageEmbedding embedding)
{
    if (cached(key))
        return;
    while (m_cache.size() >= m_capacity)
        m_cache.pop_front();
    m_cache.emplace_back(key, std::move(embedding));
}

std::vector<std::uint8_t> SamSlicePredictor::samInput(image::SliceAxis axis, std::int64_t index, int& width,
                                                      int& height) const
{
    const image::Image2D<float> plane = image::extractSlice(m_volume, axis, index);
    width = plane.width;
    height = plane.height;
    return image::toRgb8(plane, image::samInputWindow(m_volume, plane));
}

Result<void> SamSlicePredictor::prefetch(image::SliceAxis axis, const std::vector<std::int64_t>& indices)
{
    const std::int64_t count = image::sliceCount(m_volume.geometry(), axis);
    std::vector<std::int64_t> missing;
    for (std::int64_t index : indices)
        if (index >= 0 && index < count && !cached({static_cast<int>(axis), index}) &&
            std::find(missing.begin(), missing.end(), index) == missing.end())
            missing.push_back(index);
    if (missing.empty())
        return {};
    std::vector<std::vector<std::uint8_t>> pixels;
    std::vector<sam::SamImage> images;
    pixels.reserve(missing.size());
    for (std::int64_t index : missing) {
        int width = 0;
        int height = 0;
        pixels.push_back(samInput(axis, index, width, height));
        images.push_back({pixels.back().data(), width, height, 3});
    }
    auto embedded = m_predictor.embedImages(images);
    if (!embedded)
        return embedded.error();
    m_embedded += static_cast<int>(embedded->size());
    for (std::size_t n = 0; n < missing.size(); ++n)
        remember({static_cast<int>(axis), missing[n]}, (*embedded)[n]);
    return {};
}

Result<void> SamSlicePredictor::selectSlice(image::SliceAxis axis, std::int64_t index)
{
    const std::int64_t count = image::sliceCount(m_volume.geometry(), axis);
    if (index < 0 || index >= count)
        return makeError(ErrorCode::InvalidArgument, {},
                         "slice " + std::to_string(index) + " is outside the study (0.." +
                             std::to_string(count - 1) + ")");
    const Key key{static_cast<int>(axis), index};
    if (const sam::SamImageEmbedding* embedding = cached(key))
        return m_predictor.setEmbedding(*embedding);
    int width = 0;
    int height = 0;
    const std::vector<std::uint8_t> rgb = samInput(axis, index, width, height);
    if (auto set = m_predictor.setImage({rgb.data(), width, height, 3}); !set)
        return set.error();
    ++m_embedded;
    remember(key, m_predictor.embedding());
    return {};
}

Result<sam::SamPrediction> SamSlicePredictor::predict(const sam::SamPrompt& prompt, bool multimask)
{
    return m_predictor.predict(prompt, multimask);
}

std::vector<float> SamSlicePredictor::maskInputFromMask(const std::vector<std::uint8_t>& mask, int width,
                                                        int height)
{
    constexpr int kLow = sam::SamPrediction::lowResSize;
    // log(x / (1 - x)) at x = 1 - 1e-3, in float32 as micro-sam computes it.
    const float inside = static_cast<float>(std::log((1.0 - 1e-3) / 1e-3));
    std::vector<float> logits(mask.size());
    for (std::size_t p = 0; p < mask.size(); ++p)
        logits[p] = mask[p] ? inside : -inside;
    const sam::ResizeTransform low = m_predictor.config().preprocess == sam::PreprocessKind::Sam
                                         ? sam::ResizeTransform::longestSide(height, width, kLow)
                                         : sam::ResizeTransform::square(height, width, kLow);
    std::vector<float> resized(static_cast<std::size_t>(low.inputWidth()) * low.inputHeight());
    sam::resizeBilinearCropped(logits.data(), 1, height, width, low.inputHeight(), low.inputWidth(),
                               low.inputHeight(), low.inputWidth(), resized.data());
    std::vector<float> out(static_cast<std::size_t>(kLow) * kLow, 0.0f);
    for (int y = 0; y < low.inputHeight(); ++y)
        std::copy_n(resized.data() + static_cast<std::size_t>(y) * low.inputWidth(), low.inputWidth(),
                    out.data() + static_cast<std::size_t>(y) * kLow);
    return out;
}

} // namespace delineate::propagation
