#pragma once
// Dice / NSD of a model (base checkpoint + optional adapter) on the studies of a data set, per study and
// pooled, for the prompt kinds asked (fewshot/PromptedEvaluation.h): used by eval-model and by train
// --project / --dataset (held-out figures of the base model and of the adapter).
// Pooled: Dice from the summed counts of every slice of every study, NSD the mean over all slices.

#include "fewshot/ProjectDataset.h"
#include "fewshot/PromptedEvaluation.h"
#include "sam/SamPredictor.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace delineate::cli {

struct StudyEvaluation {
    std::string studyId;
    std::vector<fewshot::PromptScore> scores; // one per kind
};

struct EvaluationTable {
    std::vector<fewshot::PromptKind> kinds;
    std::vector<StudyEvaluation> studies;
    std::vector<fewshot::PromptScore> pooled;
    std::vector<fewshot::SkippedStudy> skipped;

    // Adds a study's scores to the table and the pooled figures.
    void add(StudyEvaluation study);
    // The pooled Dice of `kind` (NaN when not evaluated).
    [[nodiscard]] double pooledDice(fewshot::PromptKind kind) const;
};

// Evaluates `predictor` on examples already cut (one StudyExamples per study); study i draws its prompts
// from a generator seeded with options.seed + i.
[[nodiscard]] Result<EvaluationTable> evaluateExamples(sam::SamPredictor& predictor,
                                                       const std::vector<fewshot::StudyExamples>& studies,
                                                       const fewshot::PromptEvaluationOptions& options);

[[nodiscard]] nlohmann::json evaluationJson(const EvaluationTable& table);
// A readable table: one row per study and a pooled row, "Dice / NSD" per kind.
[[nodiscard]] std::string evaluationText(const EvaluationTable& table);

} // namespace delineate::cli
