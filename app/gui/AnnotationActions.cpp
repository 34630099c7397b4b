#include "gui/AnnotationActions.h"

#include "gui/ProjectController.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "viewer/SliceView.h"

#include <QAction>
#include <QMenu>

namespace delineate::app {

AnnotationActions::AnnotationActions(ui::LabelSession* session, ui::SamAssistant* assistant,
                                     ProjectController* project, ui::SliceView* view, QObject* parent)
    : QObject(parent), m_session(session), m_assistant(assistant), m_project(project), m_view(view)
{
    m_undo = make(tr("&Undo"), {QKeySequence(QStringLiteral("Ctrl+Z"))});
    m_redo = make(tr("&Redo"),
                  {QKeySequence(QStringLiteral("Ctrl+Shift+Z")), QKeySequence(QStringLiteral("Ctrl+Y"))});
    m_accept = make(tr("&Accept Proposal"), {QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    m_reject = make(tr("&Reject Proposal"), {QKeySequence(Qt::Key_Escape)});
    m_suggest = make(tr("&Suggest for This Slice"), {QKeySequence(QStringLiteral("A"))});
    m_suggestAll = make(tr("Suggest for A&ll Slices"), {QKeySequence(QStringLiteral("Shift+A"))});
    m_cancelBatch = make(tr("&Cancel Suggestions"), {});
    m_reviewed = make(tr("&Mark Slice Reviewed"), {QKeySequence(QStringLiteral("M"))});
    m_reviewed->setCheckable(true);

    connect(m_undo, &QAction::triggered, m_session, &ui::LabelSession::undo);
    connect(m_redo, &QAction::triggered, m_session, &ui::LabelSession::redo);
    connect(m_accept, &QAction::triggered, m_assistant, &ui::SamAssistant::accept);
    connect(m_reject, &QAction::triggered, m_assistant, &ui::SamAssistant::reject);
    connect(m_suggest, &QAction::triggered, m_assistant, &ui::SamAssistant::suggestCurrentSlice);
    connect(m_suggestAll, &QAction::triggered, m_assistant, &ui::SamAssistant::suggestAllSlices);
    connect(m_cancelBatch, &QAction::triggered, m_assistant, &ui::SamAssistant::cancelBatch);
    connect(m_reviewed, &QAction::triggered, this, [this](bool checked) {
        m_project->setReviewed(m_view->viewTransform().normalAxis(), m_view->sliceIndex(), checked);
    });

    connect(m_session, &ui::LabelSession::historyChanged, this, &AnnotationActions::syncHistory);
    connect(m_assistant, &ui::SamAssistant::proposalChanged, this, [this](bool present) {
        m_accept->setEnabled(present);
        m_reject->setEnabled(present);
    });
    connect(m_assistant, &ui::SamAssistant::batchRunningChanged, m_cancelBatch, &QAction::setEnabled);
    connect(m_project, &ProjectController::reviewedChanged, this, &AnnotationActions::syncReviewed);
    connect(m_view, &ui::SliceView::sliceChanged, this, &AnnotationActions::syncReviewed);
    connect(m_view, &ui::SliceView::planeChanged, this, &AnnotationActions::syncReviewed);
    m_accept->setEnabled(false);
    m_reject->setEnabled(false);
    m_cancelBatch->setEnabled(false);
    syncHistory();
    syncReviewed();
}

QAction* AnnotationActions::make(const QString& text, const QList<QKeySequence>& shortcuts)
{
    auto* action = new QAction(text, this);
    action->setShortcuts(shortcuts);
    return action;
}

void AnnotationActions::fillEditMenu(QMenu* menu) const
{
    menu->addAction(m_undo);
    menu->addAction(m_redo);
    menu->addSeparator();
    menu->addAction(m_reviewed);
}

void AnnotationActions::fillSamMenu(QMenu* menu) const
{
    menu->addAction(m_accept);
    menu->addAction(m_reject);
    menu->addSeparator();
    menu->addAction(m_suggest);
    menu->addAction(m_suggestAll);
    menu->addAction(m_cancelBatch);
}

QList<QAction*> AnnotationActions::all() const
{
    return {m_undo, m_redo, m_accept, m_reject, m_suggest, m_suggestAll, m_cancelBatch, m_reviewed};
}

void AnnotationActions::syncHistory()
{
    const annotation::LabelEditHistory* history = m_session->history();
    const bool undo = history && history->canUndo();
    const bool redo = history && history->canRedo();
    m_undo->setEnabled(undo);
    m_redo->setEnabled(redo);
    m_undo->setText(undo ? tr("&Undo %1").arg(QString::fromStdString(history->undoName())) : tr("&Undo"));
    m_redo->setText(redo ? tr("&Redo %1").arg(QString::fromStdString(history->redoName())) : tr("&Redo"));
}

void AnnotationActions::syncReviewed()
{
    const bool reviewed = m_project->isReviewed(m_view->viewTransform().normalAxis(), m_view->sliceIndex());
    m_reviewed->setChecked(reviewed);
    m_reviewed->setEnabled(bool(m_view->volume()));
    m_view->setSliceReviewed(reviewed);
}

} // namespace delineate::app
