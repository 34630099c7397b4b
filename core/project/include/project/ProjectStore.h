#pragma once
// Reading and writing a project folder (see Project.h). The manifest is written atomically; a
// partially written project is never visible. Unknown future format versions are refused.

#include "base/Result.h"
#include "project/Project.h"

#include <string>
#include <vector>

namespace delineate::project {

class ProjectStore {
public:
    explicit ProjectStore(std::string folder) : m_folder(std::move(folder)) {}

    [[nodiscard]] const std::string& folder() const { return m_folder; }
    [[nodiscard]] static bool isProjectFolder(const std::string& folder);

    // Creates the folder (and sub-folders) if needed.
    [[nodiscard]] Result<void> create() const;
    [[nodiscard]] Result<Project> load() const;
    [[nodiscard]] Result<void> save(const Project& original) const;

    // "Save as": copies the files of `project` that live inside `source`'s folder -- every study's label
    // map and every registered adapter -- into this folder (crash-safe: temporary file, fsync, rename).
    // Files missing in the source are skipped; the same folder is a no-op. Call before save().
    [[nodiscard]] Result<void> copyFilesFrom(const ProjectStore& source, const Project& project) const;

    // Batch export: every study's saved label map (already NIfTI on the study's own grid, as written by
    // io::saveLabelMap) is copied into `folder` as <study name>[_<series/frame>].nii.gz, with the label
    // table (labels.json) and an index (export.json: file, study path, series, stack, frame per study).
    // Studies without saved labels are listed in the index as such. Crash-safe writes; existing files of
    // the same names are replaced. Returns the files written (label maps only).
    struct ExportedStudy {
        std::string studyId;
        std::string file; // in `folder`; empty: the study has no saved labels
    };
    [[nodiscard]] Result<std::vector<ExportedStudy>> exportLabelMaps(const Project& project,
                                                                     const std::string& folder) const;

    // Absolute paths of a study's files inside the project.
    [[nodiscard]] std::string manifestPath() const;
    [[nodiscard]] std::string labelTablePath() const;
    [[nodiscard]] std::string studyFolder(const StudyEntry& study) const;
    [[nodiscard]] std::string labelMapPath(const StudyEntry& study) const;
    [[nodiscard]] std::string autosavePath(const StudyEntry& study) const;
    [[nodiscard]] std::string adaptersFolder() const;
    // The study's location: relative path if it exists from here, else the absolute one.
    [[nodiscard]] std::string resolveStudyPath(const StudyEntry& study) const;

private:
    std::string m_folder;
};

} // namespace delineate::project
