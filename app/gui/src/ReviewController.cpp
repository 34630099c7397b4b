#include "gui/ReviewController.h"

#include "gui/AnnotationActions.h"
#include "gui/ConfidenceRecompute.h"
#include "gui/ProjectController.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "viewer/SliceStrip.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAction>
#include <QDateTime>
#include <QFileInfo>
#include <QMenu>
#include <QStringList>
#include <QTimer>

#include <algorithm>
#include <map>
#include <set>

namespace delineate::app {
namespace {

QString nowUtc()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

const char* sourceName(ui::SuggestionSource source)
{
    switch (source) {
    case ui::SuggestionSource::Click:
        return "click";
    case ui::SuggestionSource::Box:
        return "box";
    case ui::SuggestionSource::PromptFree:
        return "prompt_free";
    case ui::SuggestionSource::Propagation:
        return "propagation";
    }
    return "click";
}

// The provenance source of an edit by hand, from its undo step's name; empty for SAM's own edits
// (recorded when accepted, with their confidence).
std::string manualSource(const std::string& step)
{
    if (step.rfind("SAM proposal", 0) == 0 || step.rfind("Propagation", 0) == 0 ||
        step.rfind("Segment everything", 0) == 0)
        return {};
    if (step == "Brush")
        return "brush";
    if (step == "Erase")
        return "eraser";
    if (step.rfind("Polygon", 0) == 0)
        return "polygon";
    if (step == "Interpolate")
        return "interpolation";
    if (step == "Fill holes" || step == "Keep largest component" || step == "Smooth")
        return "slice_operation";
    return "edit";
}

// Per slice along `axis`: whether `labels` holds `value` there.
std::vector<bool> slicesHolding(const image::LabelMap& labels, image::SliceAxis axis,
                                image::LabelMap::Value value)
{
    const auto& size = labels.geometry().size;
    const int a = static_cast<int>(axis);
    std::vector<bool> holds(std::size_t(size[a]), false);
    const image::LabelMap::Value* voxel = labels.data();
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i, ++voxel)
                if (*voxel == value)
                    holds[std::size_t(a == 0 ? i : a == 1 ? j : k)] = true;
    return holds;
}

} // namespace

ReviewController::ReviewController(ui::LabelSession* session, ui::SamAssistant* assistant,
                                   ProjectController* project, AnnotationActions* annotation,
                                   ui::ViewerWidget* viewer,
                                   std::function<std::pair<QString, QString>()> model, QObject* parent)
    : QObject(parent), m_session(session), m_assistant(assistant), m_project(project),
      m_annotation(annotation), m_viewer(viewer), m_view(viewer->sliceView()), m_model(std::move(model)),
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
    connect(m_assistant, &ui::SamAssistant::suggestionsAccepted, this, &ReviewController::accepted);
    connect(m_assistant, &ui::SamAssistant::proposedSlicesChanged, this, &ReviewController::scheduleRefresh);
    connect(m_session, &ui::LabelSession::labelsChanged, this, &ReviewController::edited);
    connect(m_session, &ui::LabelSession::activeLabelChanged, this, &ReviewController::scheduleRefresh);
    connect(m_session, &ui::LabelSession::labelsReplaced, this, [this] {
        m_follow.clear(); // a new history: the old steps mean nothing
        scheduleRefresh();
    });
    connect(m_project, &ProjectController::reviewedChanged, this, &ReviewController::syncReviewed);
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
    return m_project->session().provenance();
}

project::ProvenanceLog& ReviewController::editLog()
{
    return m_project->session().provenance();
}

int ReviewController::axis() const
{
    return static_cast<int>(m_view->viewTransform().normalAxis());
}

void ReviewController::accepted(ui::SuggestionSource source, quint16 label, int axis,
                                const std::vector<ui::SuggestionSlice>& slices)
{
    record(sourceName(source), label, axis, slices);
}

void ReviewController::record(const std::string& source, quint16 label, int axis,
                              const std::vector<ui::SuggestionSlice>& slices)
{
    const auto [checkpoint, adapter] = m_model ? m_model() : std::pair<QString, QString>{};
    const std::string when = nowUtc().toStdString();
    for (const ui::SuggestionSlice& slice : slices) {
        project::SliceProvenance provenance;
        provenance.source = source;
        provenance.model = QFileInfo(checkpoint).fileName().toStdString();
        provenance.adapter = QFileInfo(adapter).fileName().toStdString();
        provenance.predictedIou = slice.predictedIou;
        if (slice.stability >= 0.0)
            provenance.stability = slice.stability;
        if (slice.anchor >= 0)
            provenance.anchor = slice.anchor;
        if (slice.fromSlice >= 0)
            provenance.fromSlice = slice.fromSlice;
        provenance.recorded = when;
        write(axis, label, slice.slice, std::move(provenance));
    }
    Q_EMIT logChanged();
    scheduleRefresh();
}

void ReviewController::write(int axis, std::uint16_t label, std::int64_t slice,
                             project::SliceProvenance provenance)
{
    const annotation::LabelEditHistory* history = m_session->history();
    m_follow.record(editLog(), history ? history->undoStepId() : 0, axis, label, slice,
                    std::move(provenance));
}

void ReviewController::edited(const annotation::VoxelBox& region)
{
    const annotation::LabelEditHistory* history = m_session->history();
    const auto move = history ? m_follow.moved(editLog(), history->undoStepId(), history->redoStepId())
                              : project::ProvenanceHistory::Move::None;
    if (move == project::ProvenanceHistory::Move::Undone ||
        move == project::ProvenanceHistory::Move::Redone) {
        Q_EMIT logChanged();
        scheduleRefresh();
        return;
    }
    const std::string source = move == project::ProvenanceHistory::Move::NewStep && !region.empty()
                                   ? manualSource(history->undoName())
                                   : std::string();
    if (!source.empty()) {
        // Every slice of the shown plane the step touched.
        const int a = axis();
        const std::string when = nowUtc().toStdString();
        for (std::int64_t slice = region.begin[std::size_t(a)]; slice < region.end[std::size_t(a)]; ++slice)
            write(a, m_session->activeLabel(), slice, {source, {}, {}, {}, {}, {}, {}, when});
        Q_EMIT logChanged();
    }
    scheduleRefresh();
}

void ReviewController::labelsImported()
{
    if (!m_session->isOpen() || !m_view->volume())
        return;
    project::ProvenanceLog& log = editLog();
    std::vector<project::ProvenanceLog::Key> old;
    for (const auto& [key, provenance] : log.records())
        old.push_back(key);
    for (const auto& [a, label, slice] : old)
        log.forget(a, label, slice);
    m_follow.clear();
    const image::SliceAxis plane = m_view->viewTransform().normalAxis();
    const std::string when = nowUtc().toStdString();
    for (const image::LabelMap::Value value : m_session->labels()->presentValues()) {
        const std::vector<bool> holds = slicesHolding(*m_session->labels(), plane, value);
        for (std::size_t k = 0; k < holds.size(); ++k)
            if (holds[k])
                log.record(static_cast<int>(plane), value, std::int64_t(k),
                           {"import", {}, {}, {}, {}, {}, {}, when});
    }
    Q_EMIT logChanged();
    scheduleRefresh();
}

void ReviewController::syncReviewed()
{
    const auto reviewed = m_project->reviewedSlices();
    auto marked = [&](int a, std::int64_t slice) {
        const auto it = reviewed.find(a);
        return it != reviewed.end() && it->second.count(slice) > 0;
    };
    bool changed = false;
    for (const auto& [a, slices] : reviewed)
        for (const std::int64_t slice : slices)
            if (!log().reviewedAt(a, slice)) {
                editLog().setReviewed(a, slice, true, nowUtc().toStdString());
                changed = true;
            }
    std::vector<std::pair<int, std::int64_t>> gone;
    for (const auto& [key, when] : log().reviewed())
        if (!marked(key.first, key.second))
            gone.push_back(key);
    for (const auto& [a, slice] : gone)
        editLog().setReviewed(a, slice, false, {});
    if (changed || !gone.empty())
        Q_EMIT logChanged();
    scheduleRefresh();
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
