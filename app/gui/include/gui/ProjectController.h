#pragma once
// The project behind the open study (core/project): save / open a project folder, reviewed slices,
// autosave after a few idle seconds (atomic, on a worker thread, to the project's autosave file),
// recovery of an autosave newer than the saved labels, and label export (all-in-one or per label).
//
// An autosave that fails (a full or read-only folder) loses nothing: the edits stay in memory, the
// failure stays visible (autosaveFailure(), autosaveStateChanged(); AutosaveStatus shows it) and the
// autosave is retried every kAutosaveRetryMs until it succeeds, the edits are saved or discarded.
//
// Opening is two steps because the study loads in the background: beginOpen() reads the manifest and
// says what to load (the autosave instead of the saved labels when it is newer); completeOpen() adds
// the project's label table to what was loaded.

#include "gui/LoadedStudy.h"
#include "image/Slice.h"
#include "io/StudyLoader.h"
#include "project/Project.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

namespace delineate::ui {
class LabelSession;
}

namespace delineate::app {

class ProjectController : public QObject {
    Q_OBJECT

public:
    static constexpr int kAutosaveDelayMs = 3000;
    static constexpr int kAutosaveRetryMs = 5000;

    explicit ProjectController(ui::LabelSession* session, QObject* parent = nullptr);
    ~ProjectController() override;

    struct OpenPlan {
        QString studyPath;
        io::LoadOptions options; // the project's series, stack and frame of that path
        QString labelsPath;      // empty: no labels saved yet
        bool recovered = false;
    };
    // Reads the manifest of `folder` and plans opening the study open when the project was last used
    // (else its first); error text on failure.
    [[nodiscard]] std::optional<OpenPlan> beginOpen(const QString& folder, QString& error);
    // With a project open, the plans of its studies at `path` (one per series, stack and frame), so the
    // one that loads comes with its labels; empty for a path that is not in the project (a study shown
    // joins the project). Without a project: the autosaved edits of an earlier session that ended
    // without saving them (a crash), for recovery.
    [[nodiscard]] std::vector<OpenPlan> plansAt(const QString& path) const;
    void completeOpen(LoadedStudy& loaded);
    void cancelOpen(); // the study of the project did not open
    [[nodiscard]] bool opening() const { return !m_openingFolder.isEmpty(); }

    // A study was shown (from a project or not): it becomes the project's current study.
    void setStudy(std::shared_ptr<const io::Study> study, const QString& path);
    void closeStudy();

    [[nodiscard]] QString folder() const { return m_folder; }

    // The studies of the open project, in manifest order, for the study switcher.
    struct StudySummary {
        QString path;       // as it resolves from the project folder
        io::LoadOptions options; // series, stack and frame at that path
        QString name;       // file or folder name, and which series / frame of it
        std::size_t reviewed = 0;
        bool current = false;
    };
    [[nodiscard]] std::vector<StudySummary> studies() const;
    // Saves to `folder` (empty: the current project folder). Error text on failure.
    [[nodiscard]] QString save(const QString& folder = {});
    // Batch export of every study of the open project into `folder` (ProjectStore::exportLabelMaps:
    // label maps on their studies' grids, labels.json, export.json); the shown study's edits are saved
    // into the project first. Error text, empty on success; `written` = label maps written.
    [[nodiscard]] QString exportProject(const QString& folder, int* written = nullptr);
    // One NIfTI with every label (+ labels.json beside it), or one binary file per label in `path`'s folder.
    [[nodiscard]] QString exportLabels(const QString& path, bool perLabel) const;

    [[nodiscard]] bool isReviewed(image::SliceAxis axis, std::int64_t slice) const;
    void setReviewed(image::SliceAxis axis, std::int64_t slice, bool reviewed);
    [[nodiscard]] std::size_t reviewedCount() const;
    // Reviewed slices of the current study per slice axis (0 = I, 1 = J, 2 = K).
    [[nodiscard]] std::map<int, std::set<std::int64_t>> reviewedSlices() const;
    [[nodiscard]] std::shared_ptr<const io::Study> study() const { return m_study; }

    // Adapter versions of the project (files relative to the project folder) and the active one
    // ("" = base model). Changes are written to the manifest at once when the project has a folder.
    [[nodiscard]] const std::vector<project::AdapterEntry>& adapters() const { return m_project.adapters; }
    [[nodiscard]] QString activeAdapter() const { return QString::fromStdString(m_project.activeAdapter); }
    [[nodiscard]] QString adaptersFolder() const;
    [[nodiscard]] QString absolutePath(const QString& relative) const;
    // Registers a new adapter version and makes it active; error text on failure.
    [[nodiscard]] QString addAdapter(const project::AdapterEntry& adapter);
    // `file` must be registered, or empty for the base model; error text on failure.
    [[nodiscard]] QString setActiveAdapter(const QString& file);

    // Autosave now (tests); false when there is nothing to do. In a project the copy goes into the
    // project's autosave folder; without one into the recovery folder of the user's data, with the label
    // table and which study it belongs to, so the next start finds it (plansAt) after a crash.
    bool autosaveNow();
    // Where the shown study autosaves; empty without a study.
    [[nodiscard]] QString autosavePath() const;
    // The user discarded the shown study's edits: its autosave must not bring them back.
    void discardAutosave();
    // Why the last autosave failed, while the edits are not on disk (empty when autosave works).
    [[nodiscard]] QString autosaveFailure() const { return m_autosaveFailure; }

Q_SIGNALS:
    void reviewedChanged();
    void adaptersChanged();
    void studiesChanged();
    void message(const QString& text);
    void autosaved(const QString& path);
    // An autosave to `path` failed; the edits are kept in memory and the autosave is retried.
    void autosaveFailed(const QString& path, const QString& reason);
    // autosaveFailure() changed.
    void autosaveStateChanged();

private:
    [[nodiscard]] project::StudyEntry* entry();
    // The study of the open project at `path` (as it resolves from the project folder) with this series,
    // stack and frame; null without a project folder or when the project has no such study.
    [[nodiscard]] const project::StudyEntry* studyAt(const QString& path, const io::LoadOptions& options) const;
    [[nodiscard]] const project::StudyEntry* entry() const;
    void scheduleAutosave();
    void removeAutosave();
    void finishAutosave();
    void setAutosaveFailure(const QString& failure);
    [[nodiscard]] QString saveManifest();

    ui::LabelSession* m_session;
    project::Project m_project;
    project::Project m_projectBeforeOpen; // while a project opens: what to go back to if it fails
    QString m_folder;
    QString m_openingFolder;
    std::string m_studyId;
    std::shared_ptr<const io::Study> m_study;
    QTimer m_autosaveTimer;
    QTimer m_autosaveRetryTimer;
    QFutureWatcher<QString> m_autosaveWatcher;
    QString m_lastAutosave;
    QString m_autosaveFailure;
};

} // namespace delineate::app
