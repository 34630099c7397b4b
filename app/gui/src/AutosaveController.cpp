#include "gui/AutosaveController.h"

#include "gui/ProjectController.h"
#include "labeling/LabelSession.h"

#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace delineate::app {

AutosaveController::AutosaveController(ui::LabelSession* session, ProjectController* project, QObject* parent)
    : QObject(parent), m_session(session), m_project(project)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kAutosaveDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &AutosaveController::autosaveNow);
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setInterval(kAutosaveRetryMs);
    connect(&m_retryTimer, &QTimer::timeout, this, &AutosaveController::autosaveNow);
    connect(&m_watcher, &QFutureWatcher<Result<void>>::finished, this, &AutosaveController::finish);
    connect(m_session, &ui::LabelSession::historyChanged, this, &AutosaveController::schedule);
    // Saved: the edits are on disk (the autosave they replace is gone). Closed: nothing to autosave.
    connect(m_project, &ProjectController::saved, this, &AutosaveController::stop);
    connect(m_project, &ProjectController::studyClosed, this, &AutosaveController::stop);
}

AutosaveController::~AutosaveController()
{
    m_watcher.waitForFinished();
}

void AutosaveController::stop()
{
    m_timer.stop();
    setFailure(std::nullopt);
}

void AutosaveController::schedule()
{
    if (!m_project->study() || !m_project->session().current())
        return;
    if (m_session->modified()) {
        m_timer.start();
    } else if (!m_watcher.isRunning()) {
        // Saved, or undone back to the saved state: an autosave would bring back a state left behind.
        stop();
        m_project->session().removeAutosave();
    }
}

bool AutosaveController::autosaveNow()
{
    if (!m_project->study() || !m_session->isOpen() || !m_session->modified() ||
        !m_project->session().current() || m_watcher.isRunning())
        return false;
    auto labels = std::make_shared<const image::LabelMap>(*m_session->labels()); // snapshot
    project::AutosaveJob job =
        m_project->session().autosaveJob(labels, m_project->study(), m_session->table());
    m_lastPath = QString::fromStdString(job.path);
    m_watcher.setFuture(QtConcurrent::run([job = std::move(job)] { return job.write(); }));
    return true;
}

void AutosaveController::finish()
{
    const Result<void> written = m_watcher.result();
    if (!written) {
        if (!m_project->study() || !m_session->isOpen() || !m_session->modified())
            return; // saved, discarded or closed meanwhile: nothing is left to autosave
        // Nothing is lost: the edits stay in memory, the window says so until an autosave succeeds.
        setFailure(written.error());
        Q_EMIT autosaveFailed(m_lastPath, written.error());
        m_retryTimer.start();
        return;
    }
    setFailure(std::nullopt);
    // Undone back to the saved state while it was written: the autosave is stale already.
    if (!m_session->modified())
        m_project->session().removeAutosave();
    else
        Q_EMIT autosaved(m_lastPath);
}

void AutosaveController::setFailure(const std::optional<Error>& failure)
{
    if (!failure)
        m_retryTimer.stop();
    const bool changed = failure.has_value() != m_failure.has_value() ||
                         (failure && m_failure && failure->message() != m_failure->message());
    m_failure = failure;
    if (changed)
        Q_EMIT autosaveStateChanged();
}

QString AutosaveController::autosavePath() const
{
    return QString::fromStdString(m_project->session().autosavePath());
}

void AutosaveController::discardAutosave()
{
    stop();
    m_watcher.waitForFinished();
    m_project->session().removeAutosave();
}

} // namespace delineate::app
