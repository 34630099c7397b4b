#pragma once
// What the retrain loop (RetrainController) reads from and writes to the project, as plain functions of
// the project's state (no widgets, no strings shown to the user):
//   - reviewedWithLabel / reviewedElsewhere: the slices a retrain may learn from;
//   - nextAdapterFile: the next free version file of a label's adapter, adapters/<label>-v<N>.safetensors
//     (never one that exists on disk, listed or not);
//   - adapterRows / learningCurve: the Retrain dock's version list and learning curve;
//   - retrainRecord: what a finished retrain adds to the project's history.

#include "fewshot/ProjectDataset.h"
#include "image/LabelMap.h"
#include "project/Project.h"
#include "training/RetrainPanel.h"
#include "training/TrainingService.h"

#include <QString>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace delineate::app {

class ProjectController;

// Reviewed slices of the shown study on which `value` is present (none for value 0).
[[nodiscard]] std::vector<fewshot::SliceRef> reviewedWithLabel(const ProjectController& project,
                                                               const image::LabelMap& labels,
                                                               image::LabelMap::Value value);

// Reviewed slices of the project's studies other than the shown one, and how many studies have any.
[[nodiscard]] std::pair<std::size_t, int> reviewedElsewhere(const ProjectController& project);

// "adapters/<label as a file-safe name>-v<N>.safetensors", N one above the highest version listed in the
// project or present in its adapters folder.
[[nodiscard]] QString nextAdapterFile(const ProjectController& project, const QString& label);

// The project's adapter versions with their metadata and held-out Dice (base and adapter) where the
// retrain that made them recorded it.
[[nodiscard]] std::vector<ui::AdapterRow> adapterRows(const ProjectController& project);

// One point per recorded retrain, in order (v1, v2, ...).
[[nodiscard]] std::vector<ui::CurvePoint> learningCurve(const project::Project& project);

// The record of a finished retrain. `file`: the adapter (project-relative); `study`: the shown study's id,
// used when the result names no training studies (a "this study only" run).
struct RetrainRun {
    QString file;
    QString label;
    std::string strategy;
    std::string study;
};
[[nodiscard]] project::RetrainRecord retrainRecord(const ui::TrainingResult& result, const RetrainRun& run);

} // namespace delineate::app
