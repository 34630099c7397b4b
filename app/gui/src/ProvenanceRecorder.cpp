#include "gui/ProvenanceRecorder.h"

#include "gui/ProjectController.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "viewer/SliceView.h"

#include <QDateTime>
#include <QFileInfo>

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

} // namespace

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

ProvenanceRecorder::ProvenanceRecorder(ui::LabelSession* session, ui::SamAssistant* assistant,
                                       ProjectController* project, ui::SliceView* view,
                                       std::function<std::pair<QString, QString>()> model, QObject* parent)
    : QObject(parent), m_session(session), m_assistant(assistant), m_project(project), m_view(view),
      m_model(std::move(model))
{
    connect(m_assistant, &ui::SamAssistant::suggestionsAccepted, this, &ProvenanceRecorder::accepted);
    connect(m_session, &ui::LabelSession::labelsChanged, this, &ProvenanceRecorder::edited);
    connect(m_session, &ui::LabelSession::labelsReplaced, this, [this] {
        m_follow.clear(); // a new history: the old steps mean nothing
    });
    connect(m_project, &ProjectController::reviewedChanged, this, &ProvenanceRecorder::syncReviewed);
}

const project::ProvenanceLog& ProvenanceRecorder::log() const
{
    return m_project->session().provenance();
}

project::ProvenanceLog& ProvenanceRecorder::editLog()
{
    return m_project->session().provenance();
}

void ProvenanceRecorder::accepted(ui::SuggestionSource source, quint16 label, int axis,
                                  const std::vector<ui::SuggestionSlice>& slices)
{
    record(sourceName(source), label, axis, slices);
}

void ProvenanceRecorder::record(const std::string& source, quint16 label, int axis,
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
    Q_EMIT changed();
}

void ProvenanceRecorder::write(int axis, std::uint16_t label, std::int64_t slice,
                               project::SliceProvenance provenance)
{
    const annotation::LabelEditHistory* history = m_session->history();
    m_follow.record(editLog(), history ? history->undoStepId() : 0, axis, label, slice,
                    std::move(provenance));
}

void ProvenanceRecorder::edited(const annotation::VoxelBox& region)
{
    const annotation::LabelEditHistory* history = m_session->history();
    const auto move = history ? m_follow.moved(editLog(), history->undoStepId(), history->redoStepId())
                              : project::ProvenanceHistory::Move::None;
    if (move == project::ProvenanceHistory::Move::Undone ||
        move == project::ProvenanceHistory::Move::Redone) {
        Q_EMIT logChanged();
        Q_EMIT changed();
        return;
    }
    const std::string source = move == project::ProvenanceHistory::Move::NewStep && !region.empty()
                                   ? manualSource(history->undoName())
                                   : std::string();
    if (!source.empty()) {
        // Every slice of the shown plane the step touched.
        const int a = static_cast<int>(m_view->viewTransform().normalAxis());
        const std::string when = nowUtc().toStdString();
        for (std::int64_t slice = region.begin[std::size_t(a)]; slice < region.end[std::size_t(a)]; ++slice)
            write(a, m_session->activeLabel(), slice, {source, {}, {}, {}, {}, {}, {}, when});
        Q_EMIT logChanged();
    }
    Q_EMIT changed();
}

void ProvenanceRecorder::labelsImported()
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
    Q_EMIT changed();
}

void ProvenanceRecorder::syncReviewed()
{
    const auto reviewed = m_project->reviewedSlices();
    auto marked = [&](int a, std::int64_t slice) {
        const auto it = reviewed.find(a);
        return it != reviewed.end() && it->second.count(slice) > 0;
    };
    bool added = false;
    for (const auto& [a, slices] : reviewed)
        for (const std::int64_t slice : slices)
            if (!log().reviewedAt(a, slice)) {
                editLog().setReviewed(a, slice, true, nowUtc().toStdString());
                added = true;
            }
    std::vector<std::pair<int, std::int64_t>> gone;
    for (const auto& [key, when] : log().reviewed())
        if (!marked(key.first, key.second))
            gone.push_back(key);
    for (const auto& [a, slice] : gone)
        editLog().setReviewed(a, slice, false, {});
    if (added || !gone.empty())
        Q_EMIT logChanged();
    Q_EMIT changed();
}

} // namespace delineate::app
