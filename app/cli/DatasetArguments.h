#pragma once
// The data set a command works on (train, eval-model), from either
//   --project FOLDER --label-name NAME        the project's studies, saved label maps and reviewed slices;
//                                             the label value from the project's labels.json
//   --dataset FILE.csv|.json (--label V | --label-name NAME --label-table labels.json)
//                                             one row per study: image, labels, [id], [slices] (reviewed
//                                             slices along --axis, e.g. "12,15,20-24"), [series], [stack],
//                                             [frame]; paths relative to the file's folder
// Rows without an id are called study-1, study-2, ... in file order.

#include "CommandOptions.h"
#include "fewshot/ProjectDataset.h"

#include <string>
#include <vector>

namespace delineate::cli {

struct DatasetInput {
    std::vector<fewshot::DatasetStudy> studies;
    image::LabelMap::Value value = 0;
    std::string labelName;
    std::string projectFolder; // empty for --dataset
};

// The options above (OptionSpec names for a command's list).
[[nodiscard]] std::vector<OptionSpec> datasetOptionSpecs();
[[nodiscard]] bool hasDatasetOptions(const CommandOptions& options);
[[nodiscard]] Result<DatasetInput> datasetInputFrom(const CommandOptions& options);

} // namespace delineate::cli
