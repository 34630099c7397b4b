#pragma once
// Where the voxels of each label on each slice came from, and how sure SAM was: the project's record
// behind the slice strip, N (least confident first), Study Information and `<label map>.provenance.json`.
//
// One record per (slice axis, label value, slice index), the latest edit of that label on that slice:
//   source        click, box, propagation, prompt_free, everything (SAM suggestions; everything: a
//                 candidate of segment everything taken with a click), brush, eraser, polygon,
//                 interpolation, slice_operation (fill holes, keep largest, smooth), import (came with a
//                 label map that was opened)
//   model         checkpoint file name and variant ("vit_t.pth (vit_t)"), adapter file ("" = base model);
//                 empty for edits by hand
//   predicted IoU and stability score of the SAM mask (absent when not computed: stability is computed
//                 by propagation only), anchor and from_slice of a propagated slice
//   recorded      UTC time of the edit; reviewed (M) and when, kept per (axis, slice) for every label
// Axes are voxel index axes 0 = i, 1 = j, 2 = k (image/Slice.h); slices 0-based.
//
// Persistence: toJson()/fromJson() ("delineate-provenance-log", version 1), save()/load() atomically
// (project: studies/<id>/provenance.json; autosave and recovery beside their label maps).
// exportJson(): the documented export schema (docs/provenance.md, version 1) for one label map.
// Plain C++ (no Qt): tests/project/tst_provenance_log.

#include "base/Result.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace delineate::image {
class LabelMap;
}

namespace delineate::project {

struct SliceProvenance {
    std::string source;  // see above
    std::string model;   // "" for manual edits
    std::string adapter; // "" = base model (or manual edit)
    std::optional<double> predictedIou;
    std::optional<double> stability;
    std::optional<std::int64_t> anchor;    // propagation: the anchor its front started from
    std::optional<std::int64_t> fromSlice; // propagation: the slice that prompted it
    std::string recorded;                  // ISO 8601 UTC
};

struct ExportContext {
    std::string generator; // e.g. "Delineate (File > Export Labels)"
    std::string study;     // the study's path
    std::string labelMap;  // file name of the label map the document describes
    std::string created;   // ISO 8601 UTC
};

class ProvenanceLog {
public:
    using Key = std::tuple<int, std::uint16_t, std::int64_t>; // axis, label, slice

    void record(int axis, std::uint16_t label, std::int64_t slice, SliceProvenance provenance);
    void forget(int axis, std::uint16_t label, std::int64_t slice);
    [[nodiscard]] const SliceProvenance* find(int axis, std::uint16_t label, std::int64_t slice) const;
    // Records of `label` on plane `axis`, by slice.
    [[nodiscard]] std::map<std::int64_t, SliceProvenance> slices(int axis, std::uint16_t label) const;
    [[nodiscard]] const std::map<Key, SliceProvenance>& records() const { return m_records; }
    [[nodiscard]] bool empty() const { return m_records.empty() && m_reviewed.empty(); }

    // Reviewed (M) slices with the time they were marked; unmarking removes the entry.
    void setReviewed(int axis, std::int64_t slice, bool reviewed, const std::string& when);
    [[nodiscard]] std::optional<std::string> reviewedAt(int axis, std::int64_t slice) const;
    [[nodiscard]] const std::map<std::pair<int, std::int64_t>, std::string>& reviewed() const
    {
        return m_reviewed;
    }

    [[nodiscard]] std::string toJson() const;
    // CorruptData naming `path` when `text` is not a provenance log of a known version.
    [[nodiscard]] static Result<ProvenanceLog> fromJson(const std::string& text,
                                                        const std::string& path = {});
    [[nodiscard]] Result<void> save(const std::string& path) const;
    // A missing file is an empty log.
    [[nodiscard]] static Result<ProvenanceLog> load(const std::string& path);

    // The export document (docs/provenance.md, version 1) of `labels` (value -> whether the map holds it
    // on each slice is the caller's: `present` lists per label the slices along `axis` holding it).
    [[nodiscard]] std::string
    exportJson(const ExportContext& context, int axis,
               const std::map<std::uint16_t, std::vector<std::int64_t>>& present) const;

private:
    std::map<Key, SliceProvenance> m_records;
    std::map<std::pair<int, std::int64_t>, std::string> m_reviewed;
};

// "<label map path without .nii.gz/.nii/.mha/.mhd/.nrrd/.png>" + suffix: the log kept beside a label map
// in a project, autosave or recovery folder (".provenance-log.json") and the export document beside an
// exported label map (".provenance.json", the CLI's name rule).
[[nodiscard]] std::string provenanceLogPathFor(const std::string& labelMapPath);
[[nodiscard]] std::string provenanceExportPathFor(const std::string& labelMapPath);

// Writes the export document of `labels` beside the label map at `labelMapPath` (atomically): the labels
// `values` (empty: every label present) on the plane with most records of them (k when none), each
// with every slice holding it.
[[nodiscard]] Result<void> exportProvenance(const ProvenanceLog& log, const image::LabelMap& labels,
                                            const std::vector<std::uint16_t>& values,
                                            const ExportContext& context, const std::string& labelMapPath);

// The same without the label map at hand (a project's batch export): each label's slices are the ones
// the log has records of.
[[nodiscard]] Result<void> exportProvenance(const ProvenanceLog& log, const ExportContext& context,
                                            const std::string& labelMapPath);

} // namespace delineate::project
