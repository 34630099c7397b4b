#include "gui/EverythingController.h"

#include "inference/InferenceTypes.h"
#include "inference/SamService.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "labeling/ToolSettings.h"
#include "viewer/CandidateLayer.h"
#include "viewer/SliceView.h"

#include <QAction>
#include <QMenu>

namespace delineate::app {

EverythingController::EverythingController(ui::SamService* service, ui::SamAssistant* assistant,
                                           ui::LabelSession* session, const ui::ToolSettings* settings,
                                           ui::SliceView* view, QObject* parent)
    : QObject(parent), m_service(service), m_assistant(assistant), m_session(session), m_settings(settings),
      m_view(view), m_layer(new ui::CandidateLayer(view))
{
    m_segment = new QAction(tr("Segment &Everything on This Slice"), this);
    m_segment->setStatusTip(
        tr("SAM's automatic mask generator on the shown slice: click a candidate to add it "
           "to the active label"));
    m_clear = new QAction(tr("Clear Everything Candidates"), this);
    m_clear->setShortcut(QKeySequence(Qt::Key_Escape));
    m_clear->setShortcutContext(Qt::WindowShortcut);
    connect(m_segment, &QAction::triggered, this, &EverythingController::segmentEverything);
    connect(m_clear, &QAction::triggered, this, &EverythingController::clear);
    connect(m_layer, &ui::CandidateLayer::candidatePicked, this, &EverythingController::take);
    connect(m_service, &ui::SamService::everythingFinished, this, &EverythingController::finished);
    connect(m_service, &ui::SamService::batchFinished, this, [this](std::uint64_t batchId, bool) {
        if (batchId != m_batchId)
            return;
        m_batchId = 0;
        Q_EMIT runningChanged(false);
        syncActions();
    });
    connect(m_service, &ui::SamService::batchProgress, this, [this](const ui::BatchProgress& report) {
        if (report.batchId == m_batchId && m_batchId != 0)
            Q_EMIT progress(report.done, report.total, report.secondsRemaining);
    });
    // One SAM result at a time: a proposal or a batch of the assistant replaces the candidates (and Esc
    // stays the assistant's).
    connect(m_assistant, &ui::SamAssistant::proposalChanged, this, [this](bool present) {
        if (present)
            clear();
    });
    connect(m_assistant, &ui::SamAssistant::batchRunningChanged, this, [this](bool running) {
        if (running)
            clear();
    });
    connect(m_session, &ui::LabelSession::labelsReplaced, this, &EverythingController::clear);
    syncActions();
}

void EverythingController::fillSamMenu(QMenu* menu) const
{
    menu->addSeparator();
    menu->addAction(m_segment);
    menu->addAction(m_clear);
}

QList<QAction*> EverythingController::all() const
{
    return {m_segment, m_clear};
}

void EverythingController::syncActions()
{
    m_clear->setEnabled(m_batchId != 0 || !m_layer->isEmpty());
}

bool EverythingController::segmentEverything()
{
    if (!m_view->volume() || !m_session->isOpen())
        return false;
    if (!m_service->hasModel()) {
        Q_EMIT message(tr("No SAM model is loaded: choose one in Model \u2192 Choose Checkpoint\u2026"));
        return false;
    }
    if (m_assistant->batchRunning()) {
        Q_EMIT message(tr("Segment everything waits until the running SAM batch ends"));
        return false;
    }
    clear();
    m_assistant->reject();
    const ui::SliceSource source =
        m_assistant->sourceFor(m_view->viewTransform().normalAxis(), m_view->sliceIndex());
    m_batchId = m_service->segmentEverything(source, m_options);
    Q_EMIT runningChanged(true);
    Q_EMIT progress(0, 1, 0.0);
    Q_EMIT message(tr("Segmenting everything on slice %1\u2026").arg(source.slice + 1));
    syncActions();
    return true;
}

void EverythingController::finished(const ui::EverythingOutcome& outcome)
{
    if (outcome.batchId != m_batchId)
        return;
    m_candidates = outcome.masks;
    std::vector<image::Image2D<std::uint8_t>> masks;
    masks.reserve(m_candidates.size());
    for (const automask::AutomaticMask& mask : m_candidates)
        masks.push_back({mask.width, mask.height, 1, mask.fullMask()});
    m_layer->setCandidates(outcome.source.axis, outcome.source.slice, std::move(masks));
    Q_EMIT message(m_candidates.empty()
                       ? tr("Segment everything found no mask on this slice")
                       : tr("%n candidate(s): click one to add it to the active label, Esc clears them",
                            nullptr, int(m_candidates.size())));
    syncActions();
}

bool EverythingController::take(int index)
{
    if (index < 0 || index >= int(m_candidates.size()) || !m_session->isOpen())
        return false;
    const automask::AutomaticMask candidate = m_candidates[std::size_t(index)];
    const image::SliceAxis axis = m_layer->axis();
    const std::int64_t slice = m_layer->slice();
    m_session->applyMasks("Segment everything", axis, {{slice, m_layer->mask(index)}},
                          m_settings && m_settings->overwriteOtherLabels());
    m_candidates.erase(m_candidates.begin() + index);
    m_layer->removeCandidate(index);
    Q_EMIT accepted(m_session->activeLabel(), static_cast<int>(axis), slice, candidate.predictedIou,
                    candidate.stabilityScore);
    syncActions();
    return true;
}

void EverythingController::clear()
{
    if (m_batchId != 0)
        m_service->cancelBatch(m_batchId); // batchFinished(id, true) follows at once
    m_candidates.clear();
    m_layer->clear();
    syncActions();
}

} // namespace delineate::app
