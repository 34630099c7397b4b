#include "gui/AutosaveStatus.h"

#include "gui/ProjectController.h"

namespace delineate::app {

AutosaveStatus::AutosaveStatus(ProjectController* project, QWidget* parent)
    : QLabel(parent), m_project(project)
{
    setObjectName(QStringLiteral("autosaveWarning"));
    setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    connect(m_project, &ProjectController::autosaveStateChanged, this, &AutosaveStatus::refresh);
    connect(m_project, &ProjectController::autosaveFailed, this, &AutosaveStatus::refresh);
    refresh();
}

void AutosaveStatus::refresh()
{
    const QString failure = m_project->autosaveFailure();
    setVisible(!failure.isEmpty());
    if (failure.isEmpty())
        return;
    setText(tr("Autosave failed: edits kept in memory, retrying"));
    setToolTip(
        tr("Could not autosave to %1: %2\nYour edits are kept in memory and autosave tries again every "
           "%n second(s). To be safe, save the project to another folder.",
           nullptr, ProjectController::kAutosaveRetryMs / 1000)
            .arg(m_project->autosavePath(), failure));
}

} // namespace delineate::app
