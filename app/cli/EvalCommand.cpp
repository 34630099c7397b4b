// delineate-cli eval: a predicted label map against a reference on the same grid -> Dice and NSD (JSON).

#include "Commands.h"
#include "FewShotArguments.h"
#include "fewshot/LabelEvaluation.h"
#include "fewshot/TrainingSet.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <set>

namespace delineate::cli {
namespace {

const std::vector<OptionSpec> kSpecs = {
    {"--prediction"}, {"--reference"}, {"--label"},  {"--prediction-label"}, {"--reference-label"},
    {"--tolerance"},  {"--axis"},      {"--slices"}, {"--per-slice", false},
};

// Clears every slice along `axis` that is not in `keep`.
void keepSlices(image::LabelMap& labels, image::SliceAxis axis, const std::set<std::int64_t>& keep)
{
    const auto& size = labels.geometry().size;
    const int a = static_cast<int>(axis);
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i) {
                const std::int64_t index = a == 0 ? i : a == 1 ? j : k;
                if (!keep.count(index))
                    labels.at(i, j, k) = 0;
            }
}

} // namespace

int runEval(const Arguments& arguments)
{
    auto parsed = CommandOptions::parse(arguments, kSpecs);
    if (!parsed)
        return fail(parsed.error());
    const CommandOptions& o = *parsed;
    if (auto ok = o.require({"--prediction", "--reference"}, "eval"); !ok)
        return fail(ok.error());
    auto axis = sliceAxisOption(o);
    if (!axis)
        return fail(axis.error());
    auto label = o.integer("--label", 1, 65535);
    auto predictedLabel = o.integer("--prediction-label", 1, 65535);
    auto referenceLabel = o.integer("--reference-label", 1, 65535);
    auto tolerance = o.number("--tolerance", 0.0, 1e6);
    for (const Error* e :
         {label ? nullptr : &label.error(), predictedLabel ? nullptr : &predictedLabel.error(),
          referenceLabel ? nullptr : &referenceLabel.error(), tolerance ? nullptr : &tolerance.error()})
        if (e)
            return fail(*e);
    const auto refValue = static_cast<image::LabelMap::Value>(referenceLabel->value_or(label->value_or(1)));
    const auto predValue = static_cast<image::LabelMap::Value>(predictedLabel->value_or(label->value_or(1)));

    // The reference defines the grid; the prediction must lie on it.
    auto grid = loadStudyReporting(o.value("--reference"));
    if (!grid)
        return fail(grid.error());
    auto reference = io::loadLabelMap(o.value("--reference"), *grid);
    if (!reference)
        return fail(reference.error());
    auto prediction = io::loadLabelMap(o.value("--prediction"), *grid);
    if (!prediction)
        return fail(prediction.error());
    std::vector<std::int64_t> slices;
    if (o.has("--slices")) {
        auto list = fewshot::parseSliceList(o.value("--slices"));
        if (!list)
            return fail(list.error());
        slices = *list;
        const std::set<std::int64_t> keep(slices.begin(), slices.end());
        keepSlices(*reference, *axis, keep);
        keepSlices(*prediction, *axis, keep);
    }
    auto score =
        fewshot::evaluateLabel(*prediction, predValue, *reference, refValue, tolerance->value_or(1.0), *axis);
    if (!score)
        return fail(score.error());

    // A label absent from both maps has no overlap to score: Dice 0/0 is undefined, not 1.
    const bool empty = score->predictedVoxels == 0 && score->referenceVoxels == 0;
    if (empty)
        std::fprintf(
            stderr,
            "delineate-cli: note: label %d is absent from both %s and %s; Dice and NSD are undefined "
            "(reported as null, \"empty\": true)\n",
            static_cast<int>(refValue), o.value("--prediction").c_str(), o.value("--reference").c_str());
    const auto scoreOrNull = [empty](double value) {
        return empty ? nlohmann::json(nullptr) : nlohmann::json(value);
    };
    nlohmann::json out = {
        {"prediction", o.value("--prediction")},
        {"reference", o.value("--reference")},
        {"prediction_label", predValue},
        {"reference_label", refValue},
        {"nsd_tolerance_mm", score->toleranceMm},
        {"physical_spacing", grid->volume.geometry().physicalSpacing},
        {"dice", scoreOrNull(score->dice)},
        {"nsd", scoreOrNull(score->nsd)},
        {"empty", empty},
        {"prediction_voxels", score->predictedVoxels},
        {"reference_voxels", score->referenceVoxels},
        {"mean_slice_dice", scoreOrNull(score->meanSliceDice)},
        {"slices_scored", score->slices.size()},
    };
    if (!slices.empty())
        out["restricted_to_slices"] = slices;
    if (o.has("--per-slice")) {
        nlohmann::json perSlice = nlohmann::json::array();
        for (const auto& s : score->slices)
            perSlice.push_back({{"index", s.index},
                                {"dice", s.dice},
                                {"nsd", s.nsd},
                                {"prediction_voxels", s.predictedVoxels},
                                {"reference_voxels", s.referenceVoxels}});
        out["slices"] = perSlice;
    }
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
}

} // namespace delineate::cli
