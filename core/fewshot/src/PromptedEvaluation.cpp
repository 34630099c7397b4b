#include "fewshot/PromptedEvaluation.h"

#include "metrics/SegmentationMetrics.h"

#include <cmath>
#include <limits>

namespace delineate::fewshot {
namespace {

Result<sam::SamPrediction> predictWith(sam::SamPredictor& predictor, PromptKind kind,
                                       const train::TrainingSlice& slice, const PromptRules& rules,
                                       std::mt19937_64& random, bool& prompted)
{
    prompted = true;
    if (kind == PromptKind::None)
        return predictor.predictAutomatic();
    sam::SamPrompt prompt;
    if (kind == PromptKind::Box) {
        prompt.box = simulatedBox(slice.mask, slice.width, slice.height, rules, random);
        prompted = prompt.box.has_value();
    } else {
        auto point = simulatedPoint(slice.mask, slice.width, slice.height, rules, random);
        prompted = point.has_value();
        if (point)
            prompt.points.push_back(*point);
    }
    if (!prompted)
        return sam::SamPrediction{};
    return predictor.predict(prompt, false);
}

} // namespace

const char* promptKindName(PromptKind kind)
{
    switch (kind) {
    case PromptKind::None:
        return "prompt_free";
    case PromptKind::Box:
        return "box";
    case PromptKind::Point:
        return "point";
    }
    return "?";
}

Result<std::vector<PromptKind>> parsePromptKinds(const std::string& text)
{
    std::vector<PromptKind> kinds;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, end - start);
        if (item == "none" || item == "prompt_free")
            kinds.push_back(PromptKind::None);
        else if (item == "box")
            kinds.push_back(PromptKind::Box);
        else if (item == "point")
            kinds.push_back(PromptKind::Point);
        else
            return makeError(ErrorCode::InvalidArgument, "",
                             "bad prompt kind '" + item + "' in '" + text + "' (expected none, box, point)");
        start = end + 1;
    }
    return kinds;
}

double PromptScore::dice() const
{
    if (slices == 0)
        return std::numeric_limits<double>::quiet_NaN();
    const std::int64_t sum = predicted + reference;
    return sum == 0 ? 1.0 : 2.0 * static_cast<double>(intersection) / static_cast<double>(sum);
}

double PromptScore::nsd() const
{
    return slices == 0 ? std::numeric_limits<double>::quiet_NaN() : nsdSum / slices;
}

void PromptScore::add(const PromptScore& other)
{
    slices += other.slices;
    intersection += other.intersection;
    predicted += other.predicted;
    reference += other.reference;
    nsdSum += other.nsdSum;
}

Result<std::vector<PromptScore>> evaluatePrompts(sam::SamPredictor& predictor,
                                                 const std::vector<train::TrainingSlice>& slices,
                                                 const PromptEvaluationOptions& options)
{
    std::vector<PromptScore> scores;
    for (PromptKind kind : options.kinds)
        scores.push_back({kind});
    std::mt19937_64 random(options.seed);
    int done = 0;
    for (const train::TrainingSlice& slice : slices) {
        if (options.cancel && options.cancel->load())
            return makeError(ErrorCode::Cancelled, "", "evaluation cancelled");
        if (auto set = predictor.setImage({slice.rgb.data(), slice.width, slice.height, 3}); !set)
            return set.error();
        const std::size_t pixels =
            static_cast<std::size_t>(slice.width) * static_cast<std::size_t>(slice.height);
        std::vector<std::uint8_t> reference(pixels);
        for (std::size_t p = 0; p < pixels; ++p)
            reference[p] = slice.mask[p] ? 1 : 0;
        for (PromptScore& score : scores) {
            bool prompted = true;
            auto prediction = predictWith(predictor, score.kind, slice, options.rules, random, prompted);
            if (!prediction)
                return prediction.error();
            std::vector<std::uint8_t> predicted(pixels, 0);
            if (prompted)
                for (std::size_t p = 0; p < pixels; ++p)
                    predicted[p] = prediction->mask(0)[p] > 0.0F ? 1 : 0;
            const metrics::BinaryMask pm{
                predicted.data(), {slice.width, slice.height, 1}, {slice.spacingX, slice.spacingY, 1.0}};
            const metrics::BinaryMask rm{reference.data(), pm.size, pm.spacing};
            for (std::size_t p = 0; p < pixels; ++p) {
                score.intersection += predicted[p] & reference[p];
                score.predicted += predicted[p];
                score.reference += reference[p];
            }
            score.nsdSum += metrics::normalizedSurfaceDistance(pm, rm, options.toleranceMm);
            ++score.slices;
        }
        if (options.progress)
            options.progress(++done, static_cast<int>(slices.size()));
    }
    return scores;
}

} // namespace delineate::fewshot
