#include "fewshot/StudyConfidence.h"

#include "fewshot/TrainingSet.h"

#include <algorithm>

namespace delineate::fewshot {

std::vector<std::int64_t> confidenceSlices(std::int64_t sliceCount, int sampleCount)
{
    std::vector<std::int64_t> slices;
    if (sliceCount <= 0 || sampleCount <= 0)
        return slices;
    if (sliceCount <= sampleCount) {
        for (std::int64_t k = 0; k < sliceCount; ++k)
            slices.push_back(k);
        return slices;
    }
    for (std::int64_t i = 0; i < sampleCount; ++i) // integer form of floor((i + 0.5) * n / samples)
        slices.push_back(((2 * i + 1) * sliceCount) / (2 * static_cast<std::int64_t>(sampleCount)));
    return slices;
}

Result<double> meanPromptFreeConfidence(sam::SamPredictor& predictor, const image::Volume& volume,
                                        const ConfidenceOptions& options)
{
    const std::vector<std::int64_t> slices =
        confidenceSlices(image::sliceCount(volume.geometry(), options.axis), options.sampleCount);
    if (slices.empty())
        return makeError(ErrorCode::InvalidArgument, "", "the study has no slices to measure confidence on");
    double sum = 0.0;
    for (const std::int64_t index : slices) {
        if (options.cancel && options.cancel->load())
            return makeError(ErrorCode::Cancelled, "", "confidence measurement cancelled");
        const train::TrainingSlice input = samInputSlice(volume, {options.axis, index});
        if (auto set = predictor.setImage({input.rgb.data(), input.width, input.height, 3}); !set)
            return set.error();
        auto prediction = predictor.predictAutomatic();
        if (!prediction)
            return prediction.error();
        const auto& scores = prediction->iouScores;
        sum += scores.empty() ? 0.0 : static_cast<double>(*std::max_element(scores.begin(), scores.end()));
    }
    return sum / static_cast<double>(slices.size());
}

} // namespace delineate::fewshot
