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
    std::string id;             // stable, file-name safe ("study-1", ...)
    std::string path;           // absolute path of the study (file or DICOM folder)
    std::string relativePath;   // the same, relative to the project folder (tried first on open)
    std::string seriesUid;      // DICOM: which series
    int stack = 0;              // DICOM: which stack of a series split into several
    int frame = 0;              // 4D: which frame
    std::string description;    // what the study is beyond its path (series description), for display
    // Reviewed slices per slice axis (0 = I, 1 = J, 2 = K): the annotator's statement that the label on
    // that slice is correct. These are the examples retraining learns from.
    std::map<int, std::set<std::int64_t>> reviewed;
    // "labels.nii.gz" relative to studies/<id>/; empty before the first save.
    std::string labelFile;
};

struct AdapterEntry {
    std::string file;           // relative to the project folder, e.g. adapters/liver-v2.safetensors
    std::string name;
    std::string created;        // ISO 8601
};

struct Project {
    static constexpr int kFormatVersion = 1;
    int formatVersion = kFormatVersion;
    std::string name;
    std::vector<StudyEntry> studies;
    std::vector<AdapterEntry> adapters;
    std::string activeAdapter;  // file of the active adapter, empty = base model
    std::string modelCheckpoint;
    std::map<std::string, std::string> settings;

    [[nodiscard]] StudyEntry* findStudy(const std::string& id);
    [[nodiscard]] const StudyEntry* findStudy(const std::string& id) const;
    // The study at `path` with this series, stack and frame; null when the project has none.
    [[nodiscard]] const StudyEntry* findStudy(const std::string& path, const std::string& seriesUid, int stack,
                                              int frame) const;
    // Adds a study (if its path, series, stack and frame are not there yet) and returns its entry.
    StudyEntry& addStudy(const std::string& path, const std::string& seriesUid = {}, int frame = 0, int stack = 0);
};

} // namespace delineate::project
