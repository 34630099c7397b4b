#pragma once
// A project is a folder:
//   project.json                 manifest: studies (referenced, not copied), reviewed slices, adapters,
//                                settings (written atomically)
//   labels.json                  label table (core/labels)
//   studies/<id>/labels.nii.gz   label map of each study, on the study's grid
//   autosave/<id>.nii.gz         crash-recovery copy of unsaved edits (see ProjectStore)
//   adapters/*.safetensors       retrained adapter weights
// Everything here is plain data; ProjectStore reads and writes it.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace delineate::project {

struct StudyEntry {
    std::string id;           // stable, file-name safe ("study-1", ...)
    std::string path;         // absolute path of the study (file or DICOM folder)
    std::string relativePath; // the same, relative to the project folder (tried first on open)
    std::string seriesUid;    // DICOM: which series
    int stack = 0;            // DICOM: which stack of a series split into several
    int frame = 0;            // 4D: which frame
    std::string description;  // what the study is beyond its path (series description), for display
    // Reviewed slices per slice axis (0 = I, 1 = J, 2 = K): the annotator's statement that the label on
    // that slice is correct. These are the examples retraining learns from.
    std::map<int, std::set<std::int64_t>> reviewed;
    // "labels.nii.gz" relative to studies/<id>/; empty before the first save.
    std::string labelFile;
};

struct AdapterEntry {
    std::string file; // relative to the project folder, e.g. adapters/liver-v2.safetensors
    std::string name;
    std::string created; // ISO 8601
    std::string label;   // name of the label it was trained for ("" when unknown)
};

// One retrain of the project's learning curve: what it learnt from and how it did on its held-out slices.
// Dice figures are NaN when not measured (no held-out slices, or that prompt kind was not evaluated).
struct RetrainRecord {
    std::string created;              // ISO 8601 (UTC)
    std::string adapter;              // file written (relative to the project folder when inside it)
    std::string label;                // label name
    std::string strategy;             // train::strategyName, e.g. "decoder+adapter+prompt_free"
    std::size_t reviewedSlices = 0;   // training slices
    std::vector<std::string> studies; // studies trained on
    std::vector<std::string> heldOutStudies;
    std::size_t heldOutSlices = 0;
    double seconds = 0.0; // training time
    // Held-out Dice of the base model and of the retrained one: prompt-free, box, point.
    double baseDicePromptFree = 0.0, baseDiceBox = 0.0, baseDicePoint = 0.0;
    double dicePromptFree = 0.0, diceBox = 0.0, dicePoint = 0.0;
};

struct Project {
    static constexpr int kFormatVersion = 1;
    int formatVersion = kFormatVersion;
    std::string name;
    std::vector<StudyEntry> studies;
    std::vector<AdapterEntry> adapters;
    // The adapter in use for each label (issue 16.5): label name -> adapter file. An adapter is active only
    // while its label is the active one; a label without an entry uses the base model.
    std::map<std::string, std::string> activeAdapters;
    std::string modelCheckpoint;
    std::map<std::string, std::string> settings;
    std::vector<RetrainRecord> retrains; // learning curve, oldest first

    // The adapter file in use for `label` ("" = base model).
    [[nodiscard]] std::string activeAdapterFor(const std::string& label) const;
    // The label `file` was trained for: its entry's label, else the newest retrain that wrote it ("" =
    // unknown).
    [[nodiscard]] std::string adapterLabel(const std::string& file) const;
    [[nodiscard]] StudyEntry* findStudy(const std::string& id);
    [[nodiscard]] const StudyEntry* findStudy(const std::string& id) const;
    // The study at `path` with this series, stack and frame; null when the project has none.
    [[nodiscard]] const StudyEntry* findStudy(const std::string& path, const std::string& seriesUid,
                                              int stack, int frame) const;
    // Adds a study (if its path, series, stack and frame are not there yet) and returns its entry.
    StudyEntry& addStudy(const std::string& path, const std::string& seriesUid = {}, int frame = 0,
                         int stack = 0);
};

} // namespace delineate::project
