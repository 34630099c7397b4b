#pragma once
// The project behind the shown study, for the window: a Qt face of core/project's ProjectSession (which
// does the persistence and the recovery of studies shown without a project) that speaks QString and
// io::LoadOptions and says what changed (signals). Autosave timing lives in AutosaveController.
//
// Opening is two steps because the study loads in the background: beginOpen() reads the manifest and
// says what to load (the autosave instead of the saved labels when it is newer); completeOpen() adds
// the project's label table to what was loaded. Failures come back as typed errors (base/Error.h);
// ui/feedback's ErrorPresenter words them for the user.

#include "base/Result.h"
#include "gui/LoadedStudy.h"
#include "image/Slice.h"
#include "io/StudyLoader.h"
#include "project/ProjectSession.h"

#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <set>
#include <vector>

namespace delineate::ui {
class LabelSession;
}

namespace delineate::app {

class ProjectController : public QObject {
    Q_OBJECT

public:
    // `recoveryFolder`: where studies shown without a project autosave (empty: the user's data folder,
    // QStandardPaths::AppLocalDataLocation + "/recovery"). Each controller (window) writes its own
    // recovery copies there (owner "w<process id>-<n>"), so two windows on one unsaved study keep both.
    explicit ProjectController(ui::LabelSession* session, QObject* parent = nullptr,
                               const QString& recoveryFolder = {});

    struct OpenPlan {
        QString studyPath;
        io::LoadOptions options; // the project's series, stack and frame of that path
        QString labelsPath;      // empty: no labels saved yet
        bool recovered = false;
    };
    // Reads the manifest of `folder` and plans opening the study open when the project was last used.
    [[nodiscard]] Result<OpenPlan> beginOpen(const QString& folder);
    // With a project open, the plans of its studies at `path`; without one, recovered edits there.
    [[nodiscard]] std::vector<OpenPlan> plansAt(const QString& path) const;
    void completeOpen(LoadedStudy& loaded);
    void cancelOpen(); // the study of the project did not open
    [[nodiscard]] bool opening() const { return m_project.opening(); }

    // A study was shown (from a project or not): it becomes the project's current study. `recovered`: its
    // labels are a recovered copy (ProjectSession::showStudy).
    void setStudy(std::shared_ptr<const io::Study> study, const QString& path, bool recovered = false);
    void closeStudy();

    [[nodiscard]] QString folder() const { return QString::fromStdString(m_project.folder()); }
    [[nodiscard]] std::shared_ptr<const io::Study> study() const { return m_study; }
    [[nodiscard]] project::ProjectSession& session() { return m_project; }
    [[nodiscard]] const project::ProjectSession& session() const { return m_project; }

    // The studies of the open project, in manifest order, for the study switcher.
    struct StudySummary {
        QString path;            // as it resolves from the project folder
        io::LoadOptions options; // series, stack and frame at that path
        QString name;            // file or folder name, and which series / frame of it
        std::size_t reviewed = 0;
        bool current = false;
    };
    [[nodiscard]] std::vector<StudySummary> studies() const;
    // Saves to `folder` (empty: the current project folder).
    [[nodiscard]] Result<void> save(const QString& folder = {});
    // Every study of the open project into `folder` (the shown study's edits are saved first); the
    // number of label maps written.
    [[nodiscard]] Result<int> exportProject(const QString& folder);
    // One NIfTI with every label (+ labels.json beside it), or one binary file per label in `path`'s folder.
    [[nodiscard]] Result<void> exportLabels(const QString& path, bool perLabel) const;
    // <file>.provenance.json beside an exported file of every label (a DICOM SEG, ...), by `generator`.
    [[nodiscard]] Result<void> exportProvenance(const QString& path, const std::string& generator) const;

    [[nodiscard]] bool isReviewed(image::SliceAxis axis, std::int64_t slice) const;
    void setReviewed(image::SliceAxis axis, std::int64_t slice, bool reviewed);
    [[nodiscard]] std::size_t reviewedCount() const { return m_project.reviewedCount(); }
    // Reviewed marks changed that are in no file yet (no project folder, or its manifest could not be
    // written): unsaved work like an unsaved edit, until save().
    [[nodiscard]] bool hasUnsavedMarks() const { return m_unsavedMarks; }
    [[nodiscard]] std::map<int, std::set<std::int64_t>> reviewedSlices() const
    {
        return m_project.reviewedSlices();
    }

    // Adapter versions of the project (files relative to the project folder) and the one in use for each
    // label, by label name ("" = base model; issue 16.5). Changes are written to the manifest at once.
    [[nodiscard]] const std::vector<project::AdapterEntry>& adapters() const
    {
        return m_project.project().adapters;
    }
    [[nodiscard]] QString activeAdapter(const QString& label) const
    {
        return QString::fromStdString(m_project.project().activeAdapterFor(label.toStdString()));
    }
    // The label `file` (relative, as listed) was trained for ("" when unknown).
    [[nodiscard]] QString adapterLabel(const QString& file) const
    {
        return QString::fromStdString(m_project.project().adapterLabel(file.toStdString()));
    }
    [[nodiscard]] QString adaptersFolder() const
    {
        return QString::fromStdString(m_project.adaptersFolder());
    }
    [[nodiscard]] QString absolutePath(const QString& relative) const;
    [[nodiscard]] Result<void> addAdapter(const project::AdapterEntry& adapter);
    [[nodiscard]] Result<void> setActiveAdapter(const QString& label, const QString& file);
    // Records a retrain in the project's learning curve (written to the manifest at once).
    [[nodiscard]] Result<void> addRetrain(const project::RetrainRecord& record);

Q_SIGNALS:
    void reviewedChanged();
    void adaptersChanged();
    void studiesChanged();
    void message(const QString& text);
    // The project's manifest could not be written (reviewed slices, adapters, the study list).
    void updateFailed(const delineate::Error& error);
    // The shown study's labels were saved (the autosave they replace is gone).
    void saved();
    void studyClosed();

private:
    // The label session renamed a label: its adapter and retrains follow (ProjectSession::renameLabel).
    void renameLabel(quint16 value, const QString& from, const QString& to);

    ui::LabelSession* m_session;
    project::ProjectSession m_project;
    std::shared_ptr<const io::Study> m_study;
    bool m_unsavedMarks = false;
};

} // namespace delineate::app
