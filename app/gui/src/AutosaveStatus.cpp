#include "gui/AutosaveStatus.h"

#include "feedback/ErrorPresenter.h"
#include "gui/AutosaveController.h"

namespace delineate::app {

AutosaveStatus::AutosaveStatus(AutosaveController* autosave, QWidget* parent)
    : QLabel(parent), m_autosave(autosave)
{
    setObjectName(QStringLiteral("autosaveWarning"));
    setStyleSheet(QStringLiteral("QLabel { color: #b00020; font-weight: bold; }"));
    connect(m_autosave, &AutosaveController::autosaveStateChanged, this, &AutosaveStatus::refresh);
    connect(m_autosave, &AutosaveController::autosaveFailed, this, &AutosaveStatus::refresh);
    refresh();
}

void AutosaveStatus::refresh()
{
    const std::optional<Error>& failure = m_autosave->failure();
    setVisible(failure.has_value());
    if (!failure)
        return;
    const QString path = m_autosave->autosavePath();
    const ui::PresentedError text = ui::ErrorPresenter::present(*failure, ui::ErrorAction::Autosave, path);
    setText(tr("Autosave failed: edits kept in memory, retrying"));
    setToolTip(
        text.text() + QLatin1Char('\n') +
        tr("Your edits are kept in memory and autosave tries again every %n second(s). To be safe, save the "
           "project to another folder.",
           nullptr, AutosaveController::kAutosaveRetryMs / 1000) +
        QLatin1Char('\n') + path);
}

} // namespace delineate::app
