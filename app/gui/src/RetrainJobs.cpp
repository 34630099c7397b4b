#include "RetrainJobs.h"

#include "fewshot/PromptedEvaluation.h"
#include "sam/SamPredictor.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

namespace delineate::app {
namespace {

void dropEmptyMasks(std::vector<train::TrainingSlice>& slices)
{
    std::erase_if(slices, [](const train::TrainingSlice& slice) {
        return std::none_of(slice.mask.begin(), slice.mask.end(), [](std::uint8_t v) { return v != 0; });
    });
}

// The shown study's examples in its place of the project order, the others' gathered examples around it.
std::vector<fewshot::StudyExamples> inProjectOrder(const std::vector<fewshot::DatasetStudy>& studies,
                                                   fewshot::GatheredDataset gathered,
                                                   fewshot::StudyExamples current)
{
    std::vector<fewshot::StudyExamples> ordered;
    const std::string currentId = current.studyId;
    // Placed once: a later study with the same id (or the moved-from, empty id) never takes it again.
    std::optional<fewshot::StudyExamples> pending(std::move(current));
    for (const fewshot::DatasetStudy& study : studies) {
        if (study.id == currentId) {
            if (pending && !pending->slices.empty())
                ordered.push_back(std::move(*pending));
            pending.reset();
            continue;
        }
        const auto found =
            std::find_if(gathered.studies.begin(), gathered.studies.end(),
                         [&](const fewshot::StudyExamples& s) { return s.studyId == study.id; });
        if (found == gathered.studies.end())
            continue;
        dropEmptyMasks(found->slices);
        if (!found->slices.empty())
            ordered.push_back(std::move(*found));
    }
    return ordered;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : "; ") + item;
    return out;
}

} // namespace

PrepareExamples projectExamples(std::vector<fewshot::DatasetStudy> studies, fewshot::StudyExamples current,
                                image::LabelMap::Value value)
{
    return [studies = std::move(studies), current = std::move(current),
            value](const std::atomic<bool>& cancel) -> Result<ui::PreparedExamples> {
        std::vector<fewshot::DatasetStudy> others;
        std::copy_if(studies.begin(), studies.end(), std::back_inserter(others),
                     [&](const fewshot::DatasetStudy& s) { return s.id != current.studyId; });
        auto gathered = fewshot::gatherExamples(others, value, {}, &cancel);
        if (!gathered)
            return gathered.error();
        ui::PreparedExamples prepared;
        for (const fewshot::SkippedStudy& skipped : gathered->skipped)
            prepared.skipped.push_back(skipped.studyId + ": " + skipped.error.message());
        fewshot::StudyExamples own = current;
        dropEmptyMasks(own.slices);
        auto split =
            fewshot::splitByStudy(inProjectOrder(studies, std::move(gathered).value(), std::move(own)));
        if (!split)
            return split.error();
        for (const train::TrainingSlice& slice : split->training)
            prepared.sliceDescriptions.push_back(slice.description);
        std::vector<std::string> heldOut;
        for (const train::TrainingSlice& slice : split->heldOut)
            heldOut.push_back(slice.description);
        prepared.extraMetadata["training_studies"] = joined(split->trainingStudies);
        prepared.extraMetadata["held_out_studies"] = joined(split->heldOutStudies);
        prepared.extraMetadata["held_out_slice_descriptions"] = joined(heldOut);
        prepared.extraMetadata["skipped_studies"] = joined(prepared.skipped);
        prepared.extraMetadata["split"] =
            split->leaveStudiesOut ? "leave_studies_out" : "slices_of_one_study";
        prepared.training = std::move(split->training);
        prepared.heldOut = std::move(split->heldOut);
        prepared.trainingStudies = std::move(split->trainingStudies);
        prepared.heldOutStudies = std::move(split->heldOutStudies);
        return prepared;
    };
}

EvaluatePrompts promptEvaluation(const QString& checkpointPath, int threads)
{
    return [checkpoint = checkpointPath.toStdString(),
            threads](const QString& adapterPath, const std::vector<train::TrainingSlice>& heldOut,
                     const std::atomic<bool>& cancel) -> Result<ui::PromptDice> {
        sam::SamOptions options;
        options.threads = threads;
        auto predictor = sam::SamPredictor::fromCheckpoint(checkpoint, options);
        if (!predictor)
            return predictor.error();
        if (!adapterPath.isEmpty())
            if (auto loaded = predictor->loadPeftWeights(adapterPath.toStdString()); !loaded)
                return loaded.error();
        fewshot::PromptEvaluationOptions evaluation; // prompt-free, box, point; seed 0 as eval-model
        evaluation.cancel = &cancel;
        auto scores = fewshot::evaluatePrompts(*predictor, heldOut, evaluation);
        if (!scores)
            return scores.error();
        ui::PromptDice dice = ui::unmeasuredPromptDice();
        for (const fewshot::PromptScore& score : *scores)
            dice[score.kind == fewshot::PromptKind::None  ? 0
                 : score.kind == fewshot::PromptKind::Box ? 1
                                                          : 2] = score.dice();
        return dice;
    };
}

} // namespace delineate::app
