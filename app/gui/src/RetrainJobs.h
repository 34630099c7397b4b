#pragma once
// The work a retrain hands to the training thread (ui/training/TrainingService's request hooks), built
// on the GUI thread from values only, so nothing of the window is touched from there:
//   - projectExamples: the reviewed slices of one label from every study of the project (the core
//     code of `delineate-cli train --project`: fewshot::gatherExamples + fewshot::splitByStudy). The
//     shown study's examples are cut on the GUI thread from its labels in memory (they may be unsaved);
//     the other studies are loaded from their saved label maps. Studies that cannot be loaded are named
//     in PreparedExamples::skipped and left out. Whole studies are held out (leave-studies-out).
//   - promptEvaluation: held-out Dice per prompt kind (fewshot::evaluatePrompts, as `eval-model` does)
//     of the base checkpoint or of a saved adapter on it, on a predictor of its own.

#include "fewshot/DatasetSplit.h"
#include "fewshot/ProjectDataset.h"
#include "training/TrainingService.h"

#include <QString>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace delineate::app {

using PrepareExamples = std::function<Result<ui::PreparedExamples>(const std::atomic<bool>& cancel)>;
using EvaluatePrompts = std::function<Result<ui::PromptDice>(const QString& adapterPath,
                                                             const std::vector<train::TrainingSlice>& heldOut,
                                                             const std::atomic<bool>& cancel)>;

// `studies`: every study of the project in manifest order (fewshot::projectStudies); the one whose id is
// current.studyId is not loaded but takes `current`'s examples (slices whose mask is empty are dropped
// everywhere: a reviewed slice without the label is no example of it, as for "this study only").
[[nodiscard]] PrepareExamples projectExamples(std::vector<fewshot::DatasetStudy> studies,
                                              fewshot::StudyExamples current, image::LabelMap::Value value);

// Prompt kinds in PromptDice order: prompt-free, box, point.
[[nodiscard]] EvaluatePrompts promptEvaluation(const QString& checkpointPath, int threads);

} // namespace delineate::app
