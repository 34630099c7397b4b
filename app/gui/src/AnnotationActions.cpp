#include "gui/AnnotationActions.h"

#include "annotation/SliceOperations.h"
#include "gui/ProjectController.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "viewer/SliceView.h"

#include <QAction>
#include <QMenu>

#include <algorithm>
#include <optional>

namespace delineate::app {
namespace {

bool sliceHasLabel(const image::LabelMap& labels, image::SliceAxis axis, std::int64_t slice,
                   image::LabelMap::Value value)
{
    const auto pixels = image::extractLabelSlice(labels, axis, slice);
    return std::find(pixels.pixels.begin(), pixels.pixels.end(), value) != pixels.pixels.end();
}

// The nearest slices holding `value` around `current` with at least one empty slice between them: the
// gap that contains `current`, else (current labelled) the gap above it, else the gap below it.
std::optional<std::pair<std::int64_t, std::int64_t>> interpolationRange(const image::LabelMap& labels,
                                                                        image::SliceAxis axis,
                                                                        std::int64_t current,
                                                                        image::LabelMap::Value value)
{
    const std::int64_t count = image::sliceCount(labels.geometry(), axis);
    auto labelled = [&](std::int64_t slice) { return sliceHasLabel(labels, axis, slice, value); };
    auto below = [&](std::int64_t from) -> std::int64_t {
        for (std::int64_t k = from; k >= 0; --k)
            if (labelled(k))
                return k;
        return -1;
    };
    auto above = [&](std::int64_t from) -> std::int64_t {
        for (std::int64_t k = from; k < count; ++k)
            if (labelled(k))
                return k;
        return -1;
    };
    if (!labelled(current)) {
        const std::int64_t first = below(current - 1), last = above(current + 1);
        if (first >= 0 && last >= 0)
            return std::pair{first, last};
        return std::nullopt;
    }
    if (current + 1 < count && !labelled(current + 1))
        if (const std::int64_t last = above(current + 2); last >= 0)
            return std::pair{current, last};
    if (current > 0 && !labelled(current - 1))
        if (const std::int64_t first = below(current - 2); first >= 0)
            return std::pair{first, current};
    return std::nullopt;
}

} // namespace

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
    m_rangeStart = make(tr("Set Range S&tart Here"), {QKeySequence(QStringLiteral("["))});
    m_rangeEnd = make(tr("Set Range &End Here"), {QKeySequence(QStringLiteral("]"))});
    m_suggestRange = make(tr("Suggest for Slice &Range"), {QKeySequence(QStringLiteral("Shift+R"))});
    m_suggestRange->setStatusTip(tr("Prompt-free suggestions from the range start ([) to the range end (]); "
                                    "a mark not set is the shown slice"));
    m_cancelBatch = make(tr("&Cancel Suggestions"), {});
    m_reviewed = make(tr("&Mark Slice Reviewed"), {QKeySequence(QStringLiteral("M"))});
    m_reviewed->setCheckable(true);
    m_fillHoles = make(tr("&Fill Holes"), {QKeySequence(QStringLiteral("H"))});
    m_keepLargest = make(tr("&Keep Largest Component"), {QKeySequence(QStringLiteral("K"))});
    m_smooth = make(tr("&Smooth"), {QKeySequence(QStringLiteral("G"))});
    m_interpolate = make(tr("&Interpolate Between Slices"), {QKeySequence(QStringLiteral("I"))});
    m_fillHoles->setStatusTip(tr("Fill the holes of the active label on this slice"));
    m_keepLargest->setStatusTip(tr("Keep only the largest piece of the active label on this slice"));
    m_smooth->setStatusTip(tr("Smooth the edges of the active label on this slice"));
    m_interpolate->setStatusTip(
        tr("Fill the slices between the nearest labelled slices around this one with the active label"));

    connect(m_undo, &QAction::triggered, m_session, &ui::LabelSession::undo);
    connect(m_redo, &QAction::triggered, m_session, &ui::LabelSession::redo);
    connect(m_accept, &QAction::triggered, m_assistant, &ui::SamAssistant::accept);
    connect(m_reject, &QAction::triggered, m_assistant, &ui::SamAssistant::reject);
    connect(m_suggest, &QAction::triggered, m_assistant, &ui::SamAssistant::suggestCurrentSlice);
    connect(m_suggestAll, &QAction::triggered, m_assistant, &ui::SamAssistant::suggestAllSlices);
    connect(m_cancelBatch, &QAction::triggered, m_assistant, &ui::SamAssistant::cancelBatch);
    connect(m_rangeStart, &QAction::triggered, this, [this] { setRangeMark(true); });
    connect(m_rangeEnd, &QAction::triggered, this, [this] { setRangeMark(false); });
    connect(m_suggestRange, &QAction::triggered, this, &AnnotationActions::suggestRange);
    connect(m_view, &ui::SliceView::planeChanged, this, [this] { m_rangeAxis = -1; });
    connect(m_fillHoles, &QAction::triggered, this, [this] { runSliceOperation(SliceOperation::FillHoles); });
    connect(m_keepLargest, &QAction::triggered, this,
            [this] { runSliceOperation(SliceOperation::KeepLargest); });
    connect(m_smooth, &QAction::triggered, this, [this] { runSliceOperation(SliceOperation::Smooth); });
    connect(m_interpolate, &QAction::triggered, this,
            [this] { runSliceOperation(SliceOperation::Interpolate); });
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

void AnnotationActions::fillLabelsMenu(QMenu* menu) const
{
    menu->addAction(m_fillHoles);
    menu->addAction(m_keepLargest);
    menu->addAction(m_smooth);
    menu->addSeparator();
    menu->addAction(m_interpolate);
}

bool AnnotationActions::runSliceOperation(SliceOperation operation)
{
    annotation::LabelEditHistory* history = m_session->history();
    if (!history || !m_view->volume() || history->editing())
        return false;
    const image::SliceAxis axis = m_view->viewTransform().normalAxis();
    const std::int64_t slice = m_view->sliceIndex();
    const annotation::PaintRule rule = m_session->paintRule();
    annotation::VoxelBox changed;
    switch (operation) {
    case SliceOperation::FillHoles:
        changed = annotation::fillHoles(*history, axis, slice, rule);
        break;
    case SliceOperation::KeepLargest:
        changed = annotation::keepLargestComponent(*history, axis, slice, rule);
        break;
    case SliceOperation::Smooth:
        changed = annotation::smooth(*history, axis, slice, rule);
        break;
    case SliceOperation::Interpolate: {
        const auto range = interpolationRange(history->labels(), axis, slice, rule.activeLabel);
        if (!range) {
            Q_EMIT message(
                tr("Interpolate: label two slices around this one (with empty slices between them) first"));
            return false;
        }
        changed = annotation::interpolateBetween(*history, axis, range->first, range->second, rule);
        break;
    }
    }
    m_session->notifyEdited(changed);
    return !changed.empty();
}

void AnnotationActions::fillSamMenu(QMenu* menu) const
{
    menu->addAction(m_accept);
    menu->addAction(m_reject);
    menu->addSeparator();
    menu->addAction(m_suggest);
    menu->addAction(m_suggestAll);
    menu->addAction(m_rangeStart);
    menu->addAction(m_rangeEnd);
    menu->addAction(m_suggestRange);
    menu->addAction(m_cancelBatch);
}

void AnnotationActions::setRangeMark(bool start)
{
    const int axis = static_cast<int>(m_view->viewTransform().normalAxis());
    if (axis != m_rangeAxis) {
        m_rangeAxis = axis;
        m_rangeFirst = m_rangeLast = -1;
    }
    (start ? m_rangeFirst : m_rangeLast) = m_view->sliceIndex();
    const auto shown = [](std::int64_t mark) {
        return mark < 0 ? tr("this slice") : QString::number(mark + 1);
    };
    Q_EMIT message(
        tr("Slice range %1 to %2: Shift+R suggests for it").arg(shown(m_rangeFirst), shown(m_rangeLast)));
}

void AnnotationActions::suggestRange()
{
    const int axis = static_cast<int>(m_view->viewTransform().normalAxis());
    const std::int64_t here = m_view->sliceIndex();
    const bool marked = axis == m_rangeAxis;
    const std::int64_t first = marked && m_rangeFirst >= 0 ? m_rangeFirst : here;
    const std::int64_t last = marked && m_rangeLast >= 0 ? m_rangeLast : here;
    m_assistant->suggestSliceRange(first, last);
}

QList<QAction*> AnnotationActions::all() const
{
    return {m_undo,       m_redo,       m_accept,      m_reject,       m_suggest,
            m_suggestAll, m_rangeStart, m_rangeEnd,    m_suggestRange, m_cancelBatch,
            m_reviewed,   m_fillHoles,  m_keepLargest, m_smooth,       m_interpolate};
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
