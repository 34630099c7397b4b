#pragma once
// Autosave of the shown study's unsaved edits: a few idle seconds after the last change, a snapshot is
// written atomically on a worker thread (core/project's AutosaveJob: into the project's autosave
// folder, or without a project into the recovery folder) so a crash loses nothing.
//
// An autosave that fails (a full or read-only folder) loses nothing: the edits stay in memory, the
// failure stays visible (failure(), autosaveStateChanged(); AutosaveStatus shows it) and the autosave
// is retried every kAutosaveRetryMs until it succeeds, the edits are saved or discarded, or the study
// is closed.

#include "base/Result.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <optional>

namespace delineate::ui {
class LabelSession;
}

namespace delineate::app {

class ProjectController;

class AutosaveController : public QObject {
    Q_OBJECT

public:
    static constexpr int kAutosaveDelayMs = 3000;
    static constexpr int kAutosaveRetryMs = 5000;

    AutosaveController(ui::LabelSession* session, ProjectController* project, QObject* parent = nullptr);
    ~AutosaveController() override; // waits for an autosave being written

    // Autosave now (tests); false when there is nothing to do.
    bool autosaveNow();
    // Where the shown study autosaves; empty without a study.
    [[nodiscard]] QString autosavePath() const;
    // The user discarded the shown study's edits: its autosave must not bring them back.
    void discardAutosave();
    // Why the last autosave failed, while the edits are not on disk (empty when autosave works).
    [[nodiscard]] const std::optional<Error>& failure() const { return m_failure; }

Q_SIGNALS:
    void autosaved(const QString& path);
    // An autosave to `path` failed; the edits are kept in memory and the autosave is retried.
    void autosaveFailed(const QString& path, const delineate::Error& error);
    // failure() changed.
    void autosaveStateChanged();

private:
    void schedule();
    void finish();
    void stop();
    void setFailure(const std::optional<Error>& failure);

    ui::LabelSession* m_session;
    ProjectController* m_project;
    QTimer m_timer;
    QTimer m_retryTimer;
    QFutureWatcher<Result<void>> m_watcher;
    QString m_lastPath;
    std::optional<Error> m_failure;
};

} // namespace delineate::app
