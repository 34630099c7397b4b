#pragma once
// The project behind the shown study, Qt-free: what the application does with a project folder
// (ProjectStore) and the recovery folder of studies shown without a project (RecoveryStore).
//
//   ProjectSession session(recoveryFolder);
//   auto plan = session.beginOpen(folder);   // which study to load, with its saved or newer autosaved labels
//   ... load plan->studyPath in the background ...
//   session.completeOpen();                  // (or cancelOpen() when loading failed)
//   session.showStudy(key, description);     // the loaded study becomes the current one
//   session.setReviewed(...); session.save(folder, labels, study, table); session.exportAll(folder);
//
// Without a project folder the shown study still has an entry (reviewed slices, autosave), which a first
// save() takes into the new project. Autosave: autosaveJob() snapshots what to write (project:
// autosave/<id>.nii.gz; without one: the recovery folder, with the label table and which study it is),
// AutosaveJob::write() writes it on any thread. Every write is atomic; errors are typed (base/Error.h)
// and name the file. Tests: tests/project/tst_project_session.

#include "base/Result.h"
#include "labels/LabelTable.h"
#include "project/Project.h"
#include "project/ProjectStore.h"
#include "project/ProvenanceLog.h"
#include "project/RecoveryStore.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace delineate::image {
class LabelMap;
}
namespace delineate::io {
struct Study;
}

namespace delineate::project {

// Which study: a file or DICOM folder, and the series, stack and frame in it.
struct StudyKey {
    std::string path;
    std::string seriesUid;
    int stack = 0;
    int frame = 0;
};

// What opening a study loads: the study and its labels (empty: none saved yet).
struct OpenPlan {
    StudyKey study;
    std::string labelsPath;
    bool recovered = false; // the labels are autosaved edits newer than the saved ones
};

struct StudySummary {
    StudyKey study;          // the path as it resolves from the project folder
    std::string description; // series / frame beyond the path, as listed in the manifest
    std::size_t reviewed = 0;
    bool current = false;
};

// A snapshot of unsaved edits and where they go; write() runs on any thread.
struct AutosaveJob {
    std::shared_ptr<const image::LabelMap> labels;
    std::shared_ptr<const io::Study> study;
    std::string path;                        // the label map
    std::optional<labels::LabelTable> table; // without a project: written beside the label map
    std::string infoPath;                    // without a project: which study it is
    std::string info;
    std::shared_ptr<const ProvenanceLog> provenance; // written beside the label map (provenanceLogPathFor)
    [[nodiscard]] Result<void> write() const;
};

class ProjectSession {
public:
    // `recoveryOwner` tells this session's recovery copies from those of other sessions (windows) on the
    // same folder (RecoveryStore); empty: none.
    explicit ProjectSession(std::string recoveryFolder, std::string recoveryOwner = {})
        : m_recovery(std::move(recoveryFolder), std::move(recoveryOwner))
    {
    }

    // The manifest of the project in `folder`, refused (CorruptData) when it lists no study; changes
    // nothing (the application checks a project before it asks about unsaved work).
    [[nodiscard]] static Result<Project> readManifest(const std::string& folder);
    // Opening a project: reads the manifest of `folder` (CorruptData when it lists no study) and plans
    // the study shown when the project was last used (else its first).
    [[nodiscard]] Result<OpenPlan> beginOpen(const std::string& folder);
    // The project's label table (when readable) once its study has loaded; the project is open then.
    std::optional<labels::LabelTable> completeOpen();
    // The study of the project did not load: back to what was open before.
    void cancelOpen();
    [[nodiscard]] bool opening() const { return !m_openingFolder.empty(); }

    // With a project: the plans of its studies at `path` (one per series, stack and frame). Without
    // one: the recovered edits of an earlier session at `path`.
    [[nodiscard]] std::vector<OpenPlan> plansAt(const std::string& path) const;

    // The loaded study is shown: it becomes the current study, added to the project unless listed.
    // `recovered`: its labels are the recovered copy plansAt() gave (without a project); removeAutosave()
    // then removes that copy and the study's older ones too, whichever session wrote them, while
    // autosaves go to this session's own copy.
    struct Shown {
        bool added = false;                 // a new entry (described by `description`)
        std::optional<Error> manifestError; // the project's manifest could not be updated
    };
    Shown showStudy(const StudyKey& key, const std::string& description, bool recovered = false);
    // No study shown, no project open.
    void close();

    [[nodiscard]] const std::string& folder() const { return m_folder; }
    [[nodiscard]] const Project& project() const { return m_project; }
    [[nodiscard]] const StudyEntry* current() const { return m_project.findStudy(m_studyId); }
    [[nodiscard]] std::vector<StudySummary> studies() const;

    // Where the current study's label voxels came from (ProvenanceLog). showStudy() brings back the log
    // saved beside its labels (the autosave's when there is one, as its labels); save() and autosave
    // jobs write it beside the label map they write; close() forgets it.
    [[nodiscard]] ProvenanceLog& provenance() { return m_provenance; }
    [[nodiscard]] const ProvenanceLog& provenance() const { return m_provenance; }
    // The log saved beside the project's label map of study `id` (empty when none).
    [[nodiscard]] ProvenanceLog savedProvenance(const std::string& id) const;

    // Reviewed slices of the current study per slice axis (0 = I, 1 = J, 2 = K); setReviewed writes
    // the manifest when there is a project folder.
    [[nodiscard]] bool isReviewed(int axis, std::int64_t slice) const;
    [[nodiscard]] Result<void> setReviewed(int axis, std::int64_t slice, bool reviewed);
    [[nodiscard]] std::size_t reviewedCount() const;
    [[nodiscard]] std::map<int, std::set<std::int64_t>> reviewedSlices() const;

    // Adapter versions (files relative to the project folder); "" = base model. Both need a project
    // folder (InvalidArgument otherwise) and write the manifest. An added adapter with a label becomes
    // the one in use for that label; setActiveAdapter chooses the adapter of one label (InvalidArgument
    // without a label or for a file that is no adapter of the project).
    [[nodiscard]] Result<void> addAdapter(const AdapterEntry& adapter);
    [[nodiscard]] Result<void> setActiveAdapter(const std::string& label, const std::string& file);
    // The label `from` is now called `to` (the label table's rename): its adapter in use, the adapters
    // trained for it (AdapterEntry::label) and its retrains on the learning curve follow the new name, so
    // a rename keeps the label's adapter. Changes the project in memory only: the manifest is written with
    // the renamed label table by save() (or by the next change that writes it). InvalidArgument for an
    // empty name or when `to` already has an adapter in use (nothing changes then); renaming to the same
    // name or a label without adapters or retrains is no error.
    [[nodiscard]] Result<void> renameLabel(const std::string& from, const std::string& to);
    // Appends a retrain to the learning curve (Project::retrains) and writes the manifest (needs a folder).
    [[nodiscard]] Result<void> addRetrain(const RetrainRecord& record);
    // Sets (empty value: removes) entries of Project::settings; writes the manifest when there is a folder.
    [[nodiscard]] Result<void> setSettings(const std::map<std::string, std::string>& values);
    [[nodiscard]] std::string adaptersFolder() const;
    [[nodiscard]] std::string absolutePath(const std::string& relative) const;

    // Saves the current study's labels, the label table and the manifest into `folder` (empty: the
    // project's folder); Save As brings the other studies' label maps and the adapters along. Removes
    // the autosave the saved labels replace. InvalidArgument without a folder or a current study.
    [[nodiscard]] Result<void> save(const std::string& folder, const image::LabelMap& labels,
                                    const io::Study& study, const labels::LabelTable& table);
    // Every study's saved label map into `folder` (ProjectStore::exportLabelMaps); needs a project.
    [[nodiscard]] Result<std::vector<ProjectStore::ExportedStudy>> exportAll(const std::string& folder) const;

    // Where the current study autosaves (empty without one), the job that does it, and its removal
    // (the edits were saved, undone or discarded).
    [[nodiscard]] std::string autosavePath() const;
    [[nodiscard]] AutosaveJob autosaveJob(std::shared_ptr<const image::LabelMap> labels,
                                          std::shared_ptr<const io::Study> study,
                                          const labels::LabelTable& table) const;
    void removeAutosave() const;

private:
    [[nodiscard]] StudyEntry* currentEntry() { return m_project.findStudy(m_studyId); }
    [[nodiscard]] const StudyEntry* studyAt(const StudyKey& key) const;
    [[nodiscard]] Result<void> saveManifest() const;

    void loadProvenance();
    static std::string utcNow();

    RecoveryStore m_recovery;
    Project m_project;
    ProvenanceLog m_provenance;
    Project m_projectBeforeOpen; // while a project opens: what to go back to if it fails
    std::string m_folder;
    std::string m_openingFolder;
    std::string m_studyId;
    std::vector<std::string> m_adopted; // recovered copies the shown labels came from, newest first
};

} // namespace delineate::project
