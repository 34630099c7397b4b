#pragma once
// Provenance of a propagated label map: where each slice's voxels of the label came from, written next to
// the label map as `<name>.provenance.json` (schema: docs/provenance.md, version 1).
//
//   {"schema": "delineate-provenance", "version": 1, "created": "2026-12-07T10:00:00Z",
//    "generator": "delineate-cli propagate", "study": "...", "label_map": "pred.nii.gz", "axis": "k",
//    "labels": [{"value": 4,
//                "propagation": {"projection": "box", ..., "model": {...}, "adapter": {...} | null,
//                                "stops": [{"anchor": 90, "direction": "up", "last_slice": 120,
//                                           "stop_slice": 121, "reason": "low_iou", "predicted_iou": 0.31,
//                                           "stability": 0.52}]},
//                "slices": [{"index": 90, "source": "anchor"},
//                           {"index": 91, "source": "propagation", "anchor": 90, "from_slice": 90,
//                            "predicted_iou": 0.93, "stability": 0.88, "pixels": 1234,
//                            "model": {...}, "adapter": {...} | null}]}]}
// Slices are listed in index order; values are JSON numbers (IoU and stability as computed, float64).

#include "propagation/PropagationResult.h"

#include <cstdint>
#include <string>
#include <vector>

namespace delineate::propagation {

struct ModelIdentity {
    std::string checkpoint;       // path as given
    std::string checkpointSha256; // hex, "" when unknown
    std::string variant;          // "vit_t", "vit_b", ...
    std::string adapter;          // path of the adapter file, "" for the base model
};

struct ProvenanceContext {
    std::string generator; // e.g. "delineate-cli propagate"
    std::string study;     // the study's path
    std::string labelMap;  // the label map file the provenance describes (file name)
    std::string created;   // ISO 8601 UTC time
    ModelIdentity model;
    std::vector<std::int64_t> reviewed; // reviewed slices of the label kept as they were (source "reviewed")
};

// "<path without .nii.gz/.nii/.mha/.mhd/.nrrd>.provenance.json"
[[nodiscard]] std::string provenancePathFor(const std::string& labelMapPath);
// The current time as "YYYY-MM-DDThh:mm:ssZ".
[[nodiscard]] std::string utcTimestamp();
// The provenance document (pretty-printed JSON, two-space indent) of one propagation.
[[nodiscard]] std::string provenanceJson(const PropagationResult& result, const ProvenanceContext& context);

} // namespace delineate::propagation
