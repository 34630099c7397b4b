#pragma once
// Edits of a study opened without a project, autosaved so that a crash (or a kill) loses nothing: the
// next opening of that study finds them here and brings them back as unsaved work.
//
// The folder (the application's choice, e.g. ~/.local/share/<app>/recovery) holds per study
//   <stem>.nii.gz      the label map, on the study's grid (io::saveLabelMap)
//   <stem>.json        the label table (labels::labelTablePathFor of the label map)
//   <stem>.study.json  which study it is: {"path", "series_uid", "stack", "frame"}
// with stem = a 64-bit FNV-1a hash (16 hex digits) of the study's path, series, stack and frame. Every
// file is written atomically; a missing or unreadable .study.json, or one without its label map, is
// ignored (nothing to recover). Plain C++ (no Qt): tests/project/tst_recovery_store.

#include "project/Project.h"

#include <string>
#include <vector>

namespace delineate::project {

class RecoveryStore {
public:
    explicit RecoveryStore(std::string folder) : m_folder(std::move(folder)) {}

    [[nodiscard]] const std::string& folder() const { return m_folder; }

    // The files of `study` (its path, series, stack and frame; the id is not used).
    [[nodiscard]] std::string labelMapPath(const StudyEntry& study) const;
    [[nodiscard]] std::string labelTablePath(const StudyEntry& study) const;
    [[nodiscard]] std::string infoPath(const StudyEntry& study) const;
    // The JSON text of `study`'s .study.json.
    [[nodiscard]] static std::string info(const StudyEntry& study);

    // Recovered edits of the study at `studyPath` (one per series, stack and frame autosaved there):
    // paths compare as the same file or folder (std::filesystem::equivalent), else by absolute path.
    struct Found {
        std::string seriesUid;
        int stack = 0;
        int frame = 0;
        std::string labelsPath;
    };
    [[nodiscard]] std::vector<Found> find(const std::string& studyPath) const;

    // Removes `study`'s files (what is not there is no error).
    void remove(const StudyEntry& study) const;

private:
    [[nodiscard]] std::string stem(const StudyEntry& study) const;

    std::string m_folder;
};

} // namespace delineate::project
