#pragma once
// The propagation engine's SlicePredictor on the model thread of SamService: selecting a slice takes
// its embedding from the service's embedding cache (shared with clicks and prefetching, so a slice the
// annotator looked at is not embedded twice) or computes it there; decoding goes to the one predictor;
// maskInputFromMask is core/propagation's (SamSlicePredictor). Model thread only.

#include "propagation/SamSlicePredictor.h"
#include "propagation/SlicePredictor.h"
#include "sam/SamPredictor.h"

#include <functional>
#include <utility>

namespace delineate::ui::detail {

class ServiceSlicePredictor : public propagation::SlicePredictor {
public:
    // `embed` makes slice `index` along `axis` the predictor's current image (from the cache or by
    // embedding it); a Cancelled error means an urgent job interrupted it.
    using Embed = std::function<Result<void>(image::SliceAxis axis, std::int64_t index)>;

    ServiceSlicePredictor(sam::SamPredictor& predictor, const image::Volume& volume, Embed embed)
        : m_predictor(predictor), m_masks(predictor, volume, 1), m_embed(std::move(embed))
    {
    }

    Result<void> selectSlice(image::SliceAxis axis, std::int64_t index) override
    {
        return m_embed(axis, index);
    }
    Result<sam::SamPrediction> predict(const sam::SamPrompt& prompt, bool multimask) override
    {
        return m_predictor.predict(prompt, multimask);
    }
    std::vector<float> maskInputFromMask(const std::vector<std::uint8_t>& mask, int width,
                                         int height) override
    {
        return m_masks.maskInputFromMask(mask, width, height);
    }

private:
    sam::SamPredictor& m_predictor;
    propagation::SamSlicePredictor m_masks;
    Embed m_embed;
};

} // namespace delineate::ui::detail
