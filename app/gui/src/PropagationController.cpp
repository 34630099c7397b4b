#include "gui/PropagationController.h"

#include "gui/AnnotationActions.h"
#include "gui/ProjectController.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "labeling/ToolController.h"
#include "viewer/SliceView.h"

#include <QAction>
#include <QMenu>

#include <algorithm>

namespace delineate::app {
namespace {

bool sliceHolds(const image::LabelMap& labels, image::SliceAxis axis, std::int64_t slice, std::uint16_t value)
{
    const auto pixels = image::extractLabelSlice(labels, axis, slice);
    return std::find(pixels.pixels.begin(), pixels.pixels.end(), value) != pixels.pixels.end();
}

} // namespace

PropagationController::PropagationController(ui::LabelSession* session, ui::SamAssistant* assistant,
                                             ProjectController* project, AnnotationActions* annotation,
                                             ui::ToolController* tools, ui::SliceView* view, QObject* parent)
    : QObject(parent), m_session(session), m_assistant(assistant), m_project(project),
      m_annotation(annotation), m_tools(tools), m_view(view)
{
    m_propagate = make(tr("&Propagate Through Slices"), {QKeySequence(QStringLiteral("P"))});
    m_propagate->setStatusTip(
        tr("Propagate the active label from this slice to its neighbours in both directions "
           "(within the range marked with [ and ])"));
    m_acceptSlice = make(tr("Accept Proposal on This Slice"), {QKeySequence(QStringLiteral("Shift+Return")),
                                                               QKeySequence(QStringLiteral("Shift+Enter"))});
    m_rejectSlice = make(tr("Drop Proposal on This Slice"), {QKeySequence(QStringLiteral("Shift+Del"))});
    m_cancel = make(tr("Cancel Propagation"), {});
    m_repropagate = make(tr("Re-propagate with the New Adapter"), {});
    m_repropagate->setStatusTip(tr("Run the last propagation again with the model now loaded"));

    connect(m_propagate, &QAction::triggered, this, &PropagationController::propagate);
    connect(m_repropagate, &QAction::triggered, this, &PropagationController::repropagate);
    connect(m_acceptSlice, &QAction::triggered, m_assistant, &ui::SamAssistant::acceptSlice);
    connect(m_rejectSlice, &QAction::triggered, m_assistant, &ui::SamAssistant::rejectSlice);
    connect(m_cancel, &QAction::triggered, m_assistant, &ui::SamAssistant::cancelBatch);
    connect(m_assistant, &ui::SamAssistant::batchRunningChanged, this, &PropagationController::syncActions);
    connect(m_assistant, &ui::SamAssistant::proposedSlicesChanged, this, &PropagationController::syncActions);
    connect(m_session, &ui::LabelSession::labelsReplaced, this, &PropagationController::forget);
    syncActions();
}

QAction* PropagationController::make(const QString& text, const QList<QKeySequence>& shortcuts)
{
    auto* action = new QAction(text, this);
    action->setShortcuts(shortcuts);
    return action;
}

void PropagationController::fillSamMenu(QMenu* menu) const
{
    menu->addSeparator();
    menu->addAction(m_propagate);
    menu->addAction(m_acceptSlice);
    menu->addAction(m_rejectSlice);
    menu->addAction(m_cancel);
    menu->addAction(m_repropagate);
}

QList<QAction*> PropagationController::all() const
{
    return {m_propagate, m_acceptSlice, m_rejectSlice, m_cancel, m_repropagate};
}

void PropagationController::syncActions()
{
    const bool running = m_assistant->propagationRunning();
    m_cancel->setEnabled(running);
    const bool slices = !m_assistant->proposedSlices().empty() && !running;
    m_acceptSlice->setEnabled(slices);
    m_rejectSlice->setEnabled(slices);
    m_repropagate->setEnabled(m_last.has_value() && !running);
}

std::set<std::int64_t> PropagationController::anchors(int axis, std::uint16_t label) const
{
    const auto it = m_anchors.find({axis, label});
    return it == m_anchors.end() ? std::set<std::int64_t>{} : it->second;
}

void PropagationController::keepAnchorsHoldingLabel(propagation::PropagationRequest& request) const
{
    const image::LabelMap& labels = *m_session->labels();
    std::erase_if(request.anchors, [&](std::int64_t slice) {
        return !sliceHolds(labels, request.axis, slice, request.value);
    });
}

std::optional<propagation::PropagationRequest> PropagationController::requestHere()
{
    if (!m_session->isOpen() || !m_view->volume())
        return std::nullopt;
    propagation::PropagationRequest request = m_defaults;
    request.anchors.clear();
    request.reviewed.clear();
    request.locked.clear();
    request.first = 0;
    request.last = -1;
    request.axis = m_view->viewTransform().normalAxis();
    request.value = m_session->activeLabel();
    const int axis = static_cast<int>(request.axis);
    const std::int64_t here = m_view->sliceIndex();
    if (!sliceHolds(*m_session->labels(), request.axis, here, request.value)) {
        Q_EMIT message(tr("Propagate: label this slice first (accept a SAM proposal or paint it)"));
        return std::nullopt;
    }
    std::set<std::int64_t>& anchors = m_anchors[{axis, request.value}];
    anchors.insert(here);
    request.anchors.assign(anchors.begin(), anchors.end());
    keepAnchorsHoldingLabel(request);
    anchors = std::set<std::int64_t>(request.anchors.begin(), request.anchors.end());
    const auto reviewed = m_project->reviewedSlices();
    if (const auto it = reviewed.find(axis); it != reviewed.end())
        for (const std::int64_t slice : it->second)
            if (!anchors.count(slice))
                request.reviewed.push_back(slice);
    const auto [first, last] = m_annotation->rangeMarks(axis);
    if (first >= 0 || last >= 0) {
        const std::int64_t lo = first >= 0 ? first : here;
        const std::int64_t hi = last >= 0 ? last : here;
        request.first = std::min({lo, hi, here});
        request.last = std::max({lo, hi, here});
    }
    request.overwriteOtherLabels = m_tools->overwriteOtherLabels();
    return request;
}

bool PropagationController::propagate()
{
    const auto request = requestHere();
    if (!request || !m_assistant->propagate(*request))
        return false;
    m_last = request;
    syncActions();
    Q_EMIT message(tr("Propagating from slice %1\u2026 (Esc cancels)").arg(m_view->sliceIndex() + 1));
    return true;
}

bool PropagationController::repropagate()
{
    if (!m_last || !m_session->isOpen())
        return false;
    propagation::PropagationRequest request = *m_last;
    keepAnchorsHoldingLabel(request);
    if (request.anchors.empty()) {
        Q_EMIT message(tr("Re-propagate: the slices it started from no longer hold the label"));
        return false;
    }
    request.reviewed.clear();
    const auto reviewed = m_project->reviewedSlices();
    if (const auto it = reviewed.find(static_cast<int>(request.axis)); it != reviewed.end())
        for (const std::int64_t slice : it->second)
            if (std::find(request.anchors.begin(), request.anchors.end(), slice) == request.anchors.end())
                request.reviewed.push_back(slice);
    request.overwriteOtherLabels = m_tools->overwriteOtherLabels();
    if (!m_assistant->propagate(request))
        return false;
    m_last = request;
    syncActions();
    return true;
}

void PropagationController::forget()
{
    m_anchors.clear();
    m_last.reset();
    syncActions();
}

} // namespace delineate::app
