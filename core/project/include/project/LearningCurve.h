#pragma once
// The project's learning curve (Project::retrains): one record per retrain, appended to the manifest,
// and its CSV export (one row per retrain, oldest first):
//   version,created,label,strategy,reviewed_slices,studies,held_out_studies,held_out_slices,seconds,
//   base_dice_prompt_free,base_dice_box,base_dice_point,dice_prompt_free,dice_box,dice_point,adapter
// version counts from 1; studies are ';'-joined; numbers as "%.4f" (seconds "%.1f"), not measured
// = empty field; text fields with a comma, a quote or a line break are double-quoted (RFC 4180).

#include "base/Result.h"
#include "project/Project.h"

#include <optional>
#include <string>

namespace delineate::project {

[[nodiscard]] std::string learningCurveCsv(const Project& project);
// Writes learningCurveCsv atomically.
[[nodiscard]] Result<void> writeLearningCurveCsv(const Project& project, const std::string& path);
// Reads the manifest of the project in `folder`, appends `record` and writes it back (atomically). With
// `adapter` (an adapter file inside the project, e.g. written by `delineate-cli train --project`), that
// version is also listed among the project's adapters (unless its file is listed already), so the app's
// Retrain dock offers it like one it trained itself.
[[nodiscard]] Result<Project> appendRetrain(const std::string& folder, const RetrainRecord& record,
                                            const std::optional<AdapterEntry>& adapter = std::nullopt);

} // namespace delineate::project
