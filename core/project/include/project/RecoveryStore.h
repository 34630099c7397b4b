#pragma once
// Edits of a study opened without a project, autosaved so that a crash (or a kill) loses nothing: the
// next opening of that study finds them here and brings them back as unsaved work.
//
// The folder (the application's choice, e.g. ~/.local/share/<app>/recovery) holds per study
//   <stem>.nii.gz      the label map, on the study's grid (io::saveLabelMap)
//   <stem>.json        the label table (labels::labelTablePathFor of the label map)
//   <stem>.study.json  which study it is: {"path", "series_uid", "stack", "frame"}
// with stem = a 64-bit FNV-1a hash (16 hex digits) of the study's path, series, stack and frame, followed
// by "-<owner>" when the store has an owner: each window (ProjectSession) that shows a study without a
// project writes its own copy, so two windows on one unsaved study never overwrite each other's edits.
// find() sees every owner's copies (those of an earlier, crashed session included), newest first. Every
// file is written atomically; a missing or unreadable .study.json, or one without its label map, is
// ignored (nothing to recover). Plain C++ (no Qt): tests/project/tst_project_session.

#include "project/Project.h"

#include <filesystem>
#include <string>
#include <vector>

namespace delineate::project {

class RecoveryStore {
public:
    // `owner`: file-name safe ([A-Za-z0-9_-]), unique among the sessions running at once; empty: none.
    explicit RecoveryStore(std::string folder, std::string owner = {})
        : m_folder(std::move(folder)), m_owner(std::move(owner))
    {
    }

    [[nodiscard]] const std::string& folder() const { return m_folder; }
    [[nodiscard]] const std::string& owner() const { return m_owner; }

    // The files of `study` (its path, series, stack and frame; the id is not used).
    [[nodiscard]] std::string labelMapPath(const StudyEntry& study) const;
    [[nodiscard]] std::string labelTablePath(const StudyEntry& study) const;
    [[nodiscard]] std::string infoPath(const StudyEntry& study) const;
    // The JSON text of `study`'s .study.json.
    [[nodiscard]] static std::string info(const StudyEntry& study);

    // Recovered edits of the study at `studyPath` (one per series, stack, frame and owner autosaved
    // there), newest label map first: paths compare as the same file or folder
    // (std::filesystem::equivalent), else by absolute path.
    struct Found {
        std::string seriesUid;
        int stack = 0;
        int frame = 0;
        std::string labelsPath;
        std::filesystem::file_time_type written; // of the label map
    };
    [[nodiscard]] std::vector<Found> find(const std::string& studyPath) const;

    // Removes `study`'s files of this owner (what is not there is no error).
    void remove(const StudyEntry& study) const;
    // Removes the copy whose label map is `labelsPath` (a Found::labelsPath of any owner).
    void removeCopy(const std::string& labelsPath) const;

private:
    [[nodiscard]] std::string stem(const StudyEntry& study) const;

    std::string m_folder;
    std::string m_owner;
};

} // namespace delineate::project
