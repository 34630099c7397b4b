#pragma once
// JSON form of a LabelTable, stored beside the label volume (labels.nii.gz + labels.json):
//
//   {"format": "delineate-labels", "version": 1,
//    "labels": [{"value": 1, "name": "Liver", "colour": [230, 25, 75],
//                "visible": true, "locked": false, "opacity": 1.0}, ...]}
//
// Reading is strict about types and ranges and names the offending entry; unknown keys are ignored.

#include "base/Result.h"
#include "labels/LabelTable.h"

#include <string>

namespace delineate::labels {

[[nodiscard]] std::string toJson(const LabelTable& table);
// `path` only names errors.
[[nodiscard]] Result<LabelTable> fromJson(const std::string& text, const std::string& path = {});

[[nodiscard]] Result<LabelTable> readLabelTableJson(const std::string& path);
// Atomic.
[[nodiscard]] Result<void> writeLabelTableJson(const LabelTable& table, const std::string& path);

// "…/labels.nii.gz" → "…/labels.json" (also .nii, .mha, .nrrd).
[[nodiscard]] std::string labelTablePathFor(const std::string& labelMapPath);

} // namespace delineate::labels
