#pragma once
// SlicePredictor over the SAM façade and a study: a slice becomes SAM's 8-bit RGB input exactly as for
// clicks, retraining and prompt-free segmentation (image::samInputWindow + image::toRgb8 of
// image::extractSlice), is embedded once and decoded as often as asked.
//
// Embeddings are kept in a small first-in-first-out cache (capacity slices, 4 MiB each); prefetch()
// embeds slices ahead of the fronts (PropagationRun::upcomingSlices) so a later selectSlice finds them.
// maskInputFromMask follows micro-sam's _compute_logits_from_mask: the mask as logits of 1 - 1e-3 and
// 1e-3 (+-6.9068), resized bilinearly (as F.interpolate, align_corners=False) to the model-input frame / 4
// (ResizeLongestSide(256), or 256 x 256 for finetune-SAM's square resize) and zero-padded to 256 x 256.
// The predictor and the volume must outlive this object; same thread rules as sam::SamPredictor.

#include "image/Volume.h"
#include "propagation/SlicePredictor.h"
#include "sam/SamPredictor.h"

#include <cstddef>
#include <deque>
#include <utility>

namespace delineate::propagation {

class SamSlicePredictor : public SlicePredictor {
public:
    SamSlicePredictor(sam::SamPredictor& predictor, const image::Volume& volume, std::size_t capacity = 16);

    Result<void> selectSlice(image::SliceAxis axis, std::int64_t index) override;
    Result<sam::SamPrediction> predict(const sam::SamPrompt& prompt, bool multimask) override;
    std::vector<float> maskInputFromMask(const std::vector<std::uint8_t>& mask, int width,
                                         int height) override;

    // Embeds the slices not cached yet (in one embedImages call: batched on CUDA).
    Result<void> prefetch(image::SliceAxis axis, const std::vector<std::int64_t>& indices);
    // Embeddings computed so far (each slice counts once per time it was embedded).
    [[nodiscard]] int embeddingsComputed() const { return m_embedded; }

private:
    using Key = std::pair<int, std::int64_t>;
    [[nodiscard]] const sam::SamImageEmbedding* cached(const Key& key) const;
    void remember(const Key& key, sam::SamImageEmbedding embedding);
    [[nodiscard]] std::vector<std::uint8_t> samInput(image::SliceAxis axis, std::int64_t index, int& width,
                                                     int& height) const;

    sam::SamPredictor& m_predictor;
    const image::Volume& m_volume;
    std::size_t m_capacity;
    std::deque<std::pair<Key, sam::SamImageEmbedding>> m_cache;
    int m_embedded = 0;
};

} // namespace delineate::propagation
