#include "gui/ReviewController.h"

#include "gui/AnnotationActions.h"
#include "gui/ConfidenceRecompute.h"
#include "gui/ProjectController.h"
#include "gui/ProvenanceRecorder.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "viewer/SliceStrip.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAction>
#include <QMenu>
#include <QStringList>
#include <QTimer>

#include <algorithm>
#include <map>
#include <set>

namespace delineate::app {

ReviewController::ReviewController(ui::LabelSession* session, ui::SamAssistant* assistant,
                                   ProjectController* project, AnnotationActions* annotation,
                                   ui::ViewerWidget* viewer,
                                   std::function<std::pair<QString, QString>()> model, QObject* parent)
    : QObject(parent), m_session(session), m_assistant(assistant), m_project(project),
      m_annotation(annotation), m_viewer(viewer), m_view(viewer->sliceView()),
      m_recorder(new ProvenanceRecorder(session, assistant, project, m_view, std::move(model), this)),
      m_refresh(new QTimer(this))
{
    m_next = new QAction(tr("&Next Slice to Review"), this);
    m_next->setShortcut(QKeySequence(QStringLiteral("N")));
    m_next->setStatusTip(
        tr("Show the least-confident unreviewed slice of the active label, then the next one"));
    m_previous = new QAction(tr("Pre&vious Slice to Review"), this);
    m_previous->setShortcut(QKeySequence(QStringLiteral("Shift+N")));
    connect(m_next, &QAction::triggered, this, &ReviewController::showNext);
    connect(m_previous, &QAction::triggered, this, &ReviewController::showPrevious);

    m_refresh->setSingleShot(true);
    m_refresh->setInterval(0);
    connect(m_refresh, &QTimer::timeout, this, &ReviewController::refresh);
    connect(m_recorder, &ProvenanceRecorder::logChanged, this, &ReviewController::logChanged);
    connect(m_recorder, &ProvenanceRecorder::changed, this, &ReviewController::scheduleRefresh);
    connect(m_assistant, &ui::SamAssistant::proposedSlicesChanged, this, &ReviewController::scheduleRefresh);
    connect(m_session, &ui::LabelSession::activeLabelChanged, this, &ReviewController::scheduleRefresh);
    connect(m_session, &ui::LabelSession::labelsReplaced, this, &ReviewController::scheduleRefresh);
    connect(m_view, &ui::SliceView::planeChanged, this, &ReviewController::scheduleRefresh);
    connect(m_annotation->rangeStartAction(), &QAction::triggered, this, &ReviewController::scheduleRefresh);
    connect(m_annotation->rangeEndAction(), &QAction::triggered, this, &ReviewController::scheduleRefresh);
    m_viewer->sliceStrip()->setToolTipProvider([this](std::int64_t slice) { return describe(slice); });
}

void ReviewController::fillSamMenu(QMenu* menu) const
{
    menu->addSeparator();
    menu->addAction(m_next);
    menu->addAction(m_previous);
}

QList<QAction*> ReviewController::all() const
{
    return {m_next, m_previous};
}

void ReviewController::setRecompute(ConfidenceRecompute* recompute)
{
    m_recompute = recompute;
    connect(recompute, &ConfidenceRecompute::updated, this, &ReviewController::scheduleRefresh);
    connect(recompute, &ConfidenceRecompute::staleChanged, this, &ReviewController::scheduleRefresh);
    connect(m_session, &ui::LabelSession::labelsReplaced, recompute, &ConfidenceRecompute::forget);
}

void ReviewController::setLowConfidence(double threshold)
{
    m_lowConfidence = threshold;
    scheduleRefresh();
}

const project::ProvenanceLog& ReviewController::log() const
{
    return m_recorder->log();
}

void ReviewController::record(const std::string& source, quint16 label, int axis,
                              const std::vector<ui::SuggestionSlice>& slices)
{
    m_recorder->record(source, label, axis, slices);
}

void ReviewController::labelsImported()
{
    m_recorder->labelsImported();
}

int ReviewController::axis() const
{
    return static_cast<int>(m_view->viewTransform().normalAxis());
}

void ReviewController::scheduleRefresh()
{
    m_refresh->start();
}

std::optional<double> ReviewController::confidence(std::int64_t slice) const
{
    if (m_assistant->proposalAxis() == m_view->viewTransform().normalAxis())
        for (const ui::SuggestionSlice& proposed : m_assistant->proposedSlices())
            if (proposed.slice == slice)
                return proposed.predictedIou;
    if (m_recompute)
        if (const auto recomputed = m_recompute->confidence(axis(), m_session->activeLabel(), slice))
            return recomputed;
    if (const project::SliceProvenance* p = log().find(axis(), m_session->activeLabel(), slice))
        return p->predictedIou;
    return std::nullopt;
}

void ReviewController::refresh()
{
    ui::SliceStrip* strip = m_viewer->sliceStrip();
    if (!m_session->isOpen() || !m_view->volume()) {
        strip->setMarks({});
        return;
    }
    const image::SliceAxis plane = m_view->viewTransform().normalAxis();
    const std::vector<bool> holds = slicesHolding(*m_session->labels(), plane, m_session->activeLabel());
    std::set<std::int64_t> proposed;
    if (m_assistant->proposalAxis() == plane)
        for (const ui::SuggestionSlice& slice : m_assistant->proposedSlices())
            proposed.insert(slice.slice);
    std::vector<ui::SliceMark> marks(holds.size(), ui::SliceMark::Empty);
    for (std::size_t k = 0; k < marks.size(); ++k) {
        const auto slice = std::int64_t(k);
        if (!holds[k] && !proposed.count(slice))
            continue;
        const std::optional<double> iou = confidence(slice);
        if (m_project->isReviewed(plane, slice))
            marks[k] = ui::SliceMark::Reviewed;
        else if (iou && *iou < m_lowConfidence)
            marks[k] = ui::SliceMark::LowConfidence;
        else
            marks[k] = proposed.count(slice) ? ui::SliceMark::Suggested : ui::SliceMark::Labelled;
    }
    strip->setMarks(std::move(marks));
    strip->setStale(m_recompute && m_recompute->isStale());
    strip->setCurrent(m_view->sliceIndex());
    const auto [first, last] = m_annotation->rangeMarks(axis());
    strip->setRange(first, last);
}

std::vector<std::int64_t> ReviewController::reviewOrder() const
{
    if (!m_session->isOpen() || !m_view->volume())
        return {};
    const image::SliceAxis plane = m_view->viewTransform().normalAxis();
    const std::vector<bool> holds = slicesHolding(*m_session->labels(), plane, m_session->activeLabel());
    std::vector<std::pair<double, std::int64_t>> known;
    std::vector<std::int64_t> unknown;
    std::set<std::int64_t> candidates;
    for (std::size_t k = 0; k < holds.size(); ++k)
        if (holds[k])
            candidates.insert(std::int64_t(k));
    if (m_assistant->proposalAxis() == plane)
        for (const ui::SuggestionSlice& slice : m_assistant->proposedSlices())
            candidates.insert(slice.slice);
    for (const std::int64_t slice : candidates) {
        if (m_project->isReviewed(plane, slice))
            continue;
        if (const auto iou = confidence(slice))
            known.emplace_back(*iou, slice);
        else
            unknown.push_back(slice);
    }
    std::sort(known.begin(), known.end());
    std::vector<std::int64_t> order;
    order.reserve(known.size() + unknown.size());
    for (const auto& [iou, slice] : known)
        order.push_back(slice);
    order.insert(order.end(), unknown.begin(), unknown.end());
    return order;
}

bool ReviewController::step(int direction)
{
    const std::vector<std::int64_t> order = reviewOrder();
    if (order.empty()) {
        Q_EMIT message(tr("No unreviewed slice of the active label on this plane"));
        return false;
    }
    const auto here = std::find(order.begin(), order.end(), m_view->sliceIndex());
    std::size_t next = 0;
    if (here != order.end()) {
        const auto position = std::ptrdiff_t(here - order.begin()) + direction;
        if (position < 0 || position >= std::ptrdiff_t(order.size())) {
            Q_EMIT message(direction > 0 ? tr("That was the last slice to review")
                                         : tr("That was the first slice to review"));
            return false;
        }
        next = std::size_t(position);
    } else if (direction < 0) {
        next = order.size() - 1;
    }
    m_view->setSliceIndex(order[next]);
    return true;
}

bool ReviewController::showNext()
{
    return step(+1);
}

bool ReviewController::showPrevious()
{
    return step(-1);
}

QString ReviewController::describe(std::int64_t slice) const
{
    QString text = tr("Slice %1").arg(slice + 1);
    const image::SliceAxis plane = m_view->viewTransform().normalAxis();
    for (const ui::SuggestionSlice& proposed : m_assistant->proposedSlices())
        if (proposed.slice == slice && m_assistant->proposalAxis() == plane)
            text += QLatin1Char('\n') +
                    tr("Proposed, not accepted yet: predicted IoU %1").arg(proposed.predictedIou, 0, 'f', 2);
    if (const project::SliceProvenance* p = log().find(axis(), m_session->activeLabel(), slice)) {
        text += QLatin1Char('\n') + tr("Source: %1").arg(QString::fromStdString(p->source));
        if (!p->model.empty())
            text += QLatin1Char('\n') + tr("Model: %1, adapter: %2")
                                            .arg(QString::fromStdString(p->model),
                                                 p->adapter.empty() ? tr("none (base model)")
                                                                    : QString::fromStdString(p->adapter));
        if (p->predictedIou)
            text += QLatin1Char('\n') + tr("Predicted IoU %1").arg(*p->predictedIou, 0, 'f', 2);
        if (p->stability)
            text += QLatin1Char('\n') + tr("Stability %1").arg(*p->stability, 0, 'f', 2);
        if (const auto now =
                m_recompute ? m_recompute->confidence(axis(), m_session->activeLabel(), slice) : std::nullopt)
            text += QLatin1Char('\n') + tr("Predicted IoU with the model now loaded %1").arg(*now, 0, 'f', 2);
        else if (p->predictedIou && m_recompute && m_recompute->isStale())
            text += QLatin1Char('\n') + tr("Confidence from an earlier model: being recomputed");
        text += QLatin1Char('\n') + tr("Recorded %1").arg(QString::fromStdString(p->recorded));
    } else {
        text += QLatin1Char('\n') + tr("No recorded source");
    }
    if (const auto when = log().reviewedAt(axis(), slice))
        text += QLatin1Char('\n') + tr("Reviewed %1").arg(QString::fromStdString(*when));
    else
        text += QLatin1Char('\n') + tr("Not reviewed");
    return text;
}

QString ReviewController::summary() const
{
    static constexpr const char* kAxes[] = {"i", "j", "k"};
    // label -> axis -> source -> slices
    std::map<std::uint16_t, std::map<int, std::map<std::string, int>>> counts;
    for (const auto& [key, provenance] : log().records())
        ++counts[std::get<1>(key)][std::get<0>(key)][provenance.source];
    QStringList lines;
    for (const auto& [label, axes] : counts)
        for (const auto& [a, sources] : axes) {
            QStringList parts;
            for (const auto& [source, n] : sources)
                parts << tr("%1: %n slice(s)", nullptr, n).arg(QString::fromStdString(source));
            const labels::LabelEntry* entry = m_session->table().find(label);
            const QString name = entry ? QString::fromStdString(entry->name) : QString::number(label);
            lines << tr("%1 (axis %2): %3")
                         .arg(name, QLatin1String(kAxes[a]), parts.join(QStringLiteral(", ")));
        }
    lines << tr("Reviewed slices: %1").arg(log().reviewed().size());
    return lines.join(QLatin1Char('\n'));
}

} // namespace delineate::app
