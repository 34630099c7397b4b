#pragma once
// The provenance document (docs/provenance.md, schema version 1) that every label map delineate-cli
// writes gets beside it, as the app's exports do: `<out>.provenance.json`, one entry per slice holding
// each label, with the source the command knows (import, prompt_free, everything, or the records of a
// provenance log a project kept). Written atomically after the label map.

#include "CommandOptions.h"
#include "image/LabelMap.h"
#include "project/ProvenanceLog.h"

#include <string>

namespace delineate::cli {

// generator "delineate-cli COMMAND", study as given, label_map = the file name of `out`, now (UTC).
[[nodiscard]] project::ExportContext exportContext(const std::string& command, const std::string& study,
                                                   const std::string& out);
// The same with study = --image and out = --out.
[[nodiscard]] project::ExportContext exportContext(const CommandOptions& o, const std::string& command);

// A record of `source` made with the checkpoint `model` and the adapter `adapter` ("" = none), each
// by its file name.
[[nodiscard]] project::SliceProvenance modelRecord(const std::string& source, const std::string& model,
                                                   const std::string& adapter, const std::string& when);
// The same with --model and --adapter.
[[nodiscard]] project::SliceProvenance modelRecord(const CommandOptions& o, const std::string& source,
                                                   const std::string& when);

// Writes `<--out>.provenance.json` for `labels` from `log` (docs/provenance.md).
[[nodiscard]] Result<void> writeLabelProvenance(const project::ProvenanceLog& log,
                                                const image::LabelMap& labels,
                                                const project::ExportContext& context,
                                                const std::string& labelMapPath);

} // namespace delineate::cli
