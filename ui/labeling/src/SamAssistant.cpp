#include "labeling/SamAssistant.h"

#include "feedback/ErrorPresenter.h"
#include "labeling/LabelSession.h"
#include "labeling/ToolSettings.h"
#include "viewer/SliceView.h"

#include <algorithm>

namespace delineate::ui {
namespace {

image::Image2D<std::uint8_t> thresholded(const MaskProposal& proposal)
{
    image::Image2D<std::uint8_t> mask{proposal.width, proposal.height, 1, {}};
    mask.pixels.resize(proposal.logits.size());
    for (std::size_t p = 0; p < proposal.logits.size(); ++p)
        mask.pixels[p] = proposal.logits[p] > 0.0f ? 1 : 0;
    return mask;
}

} // namespace

SamAssistant::SamAssistant(SamService* service, LabelSession* session, SliceView* view, QObject* parent)
    : QObject(parent), m_service(service), m_session(session), m_view(view)
{
    connect(m_service, &SamService::maskReady, this, &SamAssistant::maskReady);
    connect(m_service, &SamService::batchSliceReady, this, &SamAssistant::batchSliceReady);
    connect(m_service, &SamService::batchFinished, this, &SamAssistant::batchFinished);
    connect(m_service, &SamService::propagationFinished, this, &SamAssistant::propagationFinished);
    connect(m_service, &SamService::batchProgress, this, [this](const BatchProgress& progress) {
        if (progress.batchId == m_batchId)
            Q_EMIT batchProgress(progress.done, progress.total, progress.secondsRemaining);
    });
    connect(m_service, &SamService::embeddingReady, this, [this](const QString&, double milliseconds) {
        m_lastEmbedMilliseconds = milliseconds;
        emitTiming();
    });
    connect(m_service, &SamService::modelLoaded, this, &SamAssistant::prefetchAroundView);
    // A request that fails (no model after a failed load, bad input) is not waited for any more.
    connect(m_service, &SamService::failed, this, [this] { setWaiting(false); });
    connect(m_view, &SliceView::sliceChanged, this, [this] {
        showOverlay();
        prefetchAroundView();
    });
    connect(m_view, &SliceView::planeChanged, this, &SamAssistant::showOverlay);
}

void SamAssistant::setStudy(std::shared_ptr<const image::Volume> volume, const QString& studyId)
{
    cancelBatch();
    reject();
    m_volume = std::move(volume);
    m_studyId = studyId;
    // With a model loaded, the shown slice's embedding starts now, not at the first click.
    if (m_volume &&
        m_view->sliceCount() == image::sliceCount(m_volume->geometry(), m_view->viewTransform().normalAxis()))
        prefetchAroundView();
}

SliceSource SamAssistant::sourceFor(image::SliceAxis axis, std::int64_t slice) const
{
    SliceSource source;
    source.volume = m_volume;
    source.studyId = m_studyId;
    source.axis = axis;
    source.slice = slice;
    source.window = image::samInputWindow(*m_volume, image::extractSlice(*m_volume, axis, slice));
    return source;
}

bool SamAssistant::ready()
{
    if (!m_volume)
        return false;
    if (!m_service->hasModel() && !m_service->isLoading()) {
        Q_EMIT message(tr("No SAM model is loaded: choose one in Model \u2192 Choose Checkpoint\u2026"));
        return false;
    }
    return true; // while the model loads, requests queue behind the load
}

void SamAssistant::startPrompt(image::SliceAxis axis, std::int64_t slice)
{
    clearBatchProposal();
    m_mask = {};
    m_prompt = {};
    m_prompt.axis = axis;
    m_prompt.slice = slice;
}

void SamAssistant::addPoint(image::SliceAxis axis, std::int64_t slice, double x, double y, bool positive)
{
    if (!ready())
        return;
    if (m_prompt.slice != slice || m_prompt.axis != axis)
        startPrompt(axis, slice); // a click elsewhere starts a new proposal; here it refines this one
    m_prompt.prompt.points.push_back({x, y, positive ? 1 : 0});
    send();
}

void SamAssistant::setBox(image::SliceAxis axis, std::int64_t slice, double x0, double y0, double x1,
                          double y1)
{
    if (!ready())
        return;
    startPrompt(axis, slice);
    m_prompt.prompt.box = sam::SamBox{x0, y0, x1, y1};
    send();
}

void SamAssistant::suggestCurrentSlice()
{
    if (!ready())
        return;
    startPrompt(m_view->viewTransform().normalAxis(), m_view->sliceIndex());
    send();
}

void SamAssistant::send()
{
    m_latestRequest = m_service->requestMask(sourceFor(m_prompt.axis, m_prompt.slice), m_prompt.prompt);
    setWaiting(true);
    showOverlay();
}

void SamAssistant::setWaiting(bool waiting)
{
    if (waiting == m_waiting)
        return;
    m_waiting = waiting;
    Q_EMIT waitingChanged(waiting);
}

void SamAssistant::maskReady(const MaskProposal& proposal)
{
    if (proposal.requestId != m_latestRequest)
        return; // superseded by a newer prompt
    setWaiting(false);
    m_prompt.prompt.maskInput = proposal.lowResLogits;
    m_mask = thresholded(proposal);
    m_lastIou = proposal.iouScore;
    ++m_maskVersion;
    showOverlay();
    if (proposal.embedMilliseconds > 0)
        m_lastEmbedMilliseconds = proposal.embedMilliseconds;
    m_lastDecodeMilliseconds = proposal.decodeMilliseconds;
    emitTiming();
}

void SamAssistant::emitTiming()
{
    QString text = tr("last embedding %1 ms").arg(m_lastEmbedMilliseconds, 0, 'f', 0);
    if (m_lastDecodeMilliseconds > 0)
        text += tr(", decode %1 ms").arg(m_lastDecodeMilliseconds, 0, 'f', 1);
    Q_EMIT timingChanged(text);
}

void SamAssistant::suggestAllSlices()
{
    suggestSliceRange(0, m_view->sliceCount() - 1);
}

void SamAssistant::suggestSliceRange(std::int64_t first, std::int64_t last)
{
    if (!ready() || m_batchId || m_view->sliceCount() == 0)
        return;
    if (first > last)
        std::swap(first, last);
    first = std::clamp<std::int64_t>(first, 0, m_view->sliceCount() - 1);
    last = std::clamp<std::int64_t>(last, 0, m_view->sliceCount() - 1);
    const image::SliceAxis axis = m_view->viewTransform().normalAxis();
    // Slices missing from the series (shown empty) have nothing to segment.
    std::vector<std::int64_t> slices;
    for (std::int64_t slice = first; slice <= last; ++slice)
        if (axis != image::SliceAxis::K || !m_view->volume()->isMissingSlice(slice))
            slices.push_back(slice);
    if (slices.empty())
        return;
    startPrompt(axis, -1);
    m_batchAxis = axis;
    m_batchKind = BatchKind::PromptFree;
    std::vector<SliceSource> sources;
    sources.reserve(slices.size());
    for (std::int64_t slice : slices)
        sources.push_back(sourceFor(axis, slice)); // each slice with its own SAM input window
    m_batchId = m_service->segmentSlices(sources);
    Q_EMIT batchRunningChanged(true);
    Q_EMIT batchProgress(0, int(sources.size()), 0.0);
}

void SamAssistant::cancelBatch()
{
    if (m_batchId)
        m_service->cancelBatch(m_batchId); // batchFinished follows synchronously
}

void SamAssistant::batchSliceReady(std::uint64_t batchId, const MaskProposal& proposal)
{
    if (batchId != m_batchId)
        return;
    m_batchMasks[proposal.source.slice] = thresholded(proposal);
    m_batchConfidence[proposal.source.slice] = {proposal.source.slice, proposal.iouScore, -1.0};
    ++m_maskVersion;
    Q_EMIT proposedSlicesChanged();
    if (proposal.source.slice == m_view->sliceIndex())
        showOverlay();
}

void SamAssistant::batchFinished(std::uint64_t batchId, bool cancelled)
{
    if (batchId != m_batchId)
        return;
    m_batchId = 0;
    Q_EMIT batchRunningChanged(false);
    if (m_batchKind == BatchKind::Propagation) {
        if (cancelled)
            clearBatchProposal(); // a cancelled propagation keeps nothing
        Q_EMIT message(
            cancelled ? tr("Propagation cancelled: nothing was applied")
            : m_batchMasks.empty()
                ? tr("Propagation found nothing to propose")
                : tr("Propagation proposes %n slice(s): Enter accepts all, Shift+Enter this slice, "
                     "Shift+Del drops this slice, Esc rejects all",
                     nullptr, int(m_batchMasks.size())));
        showOverlay();
        return;
    }
    Q_EMIT message(cancelled
                       ? tr("Suggestions cancelled: %n slice(s) kept", nullptr, int(m_batchMasks.size()))
                       : tr("Suggestions ready for %n slice(s): Enter accepts, Esc rejects", nullptr,
                            int(m_batchMasks.size())));
    showOverlay();
}

bool SamAssistant::hasProposal() const
{
    return !m_mask.pixels.empty() || !m_batchMasks.empty() || propagationRunning();
}

std::vector<SuggestionSlice> SamAssistant::proposedSlices() const
{
    std::vector<SuggestionSlice> slices;
    for (const auto& [slice, mask] : m_batchMasks) {
        const auto it = m_batchConfidence.find(slice);
        slices.push_back(it != m_batchConfidence.end() ? it->second : SuggestionSlice{slice, 0.0, -1.0});
    }
    return slices;
}

void SamAssistant::clearBatchProposal()
{
    const bool had = !m_batchMasks.empty();
    m_batchMasks.clear();
    m_batchConfidence.clear();
    if (had)
        Q_EMIT proposedSlicesChanged();
}

bool SamAssistant::propagate(const propagation::PropagationRequest& request)
{
    if (!ready() || !m_session->isOpen())
        return false;
    if (m_batchId) {
        Q_EMIT message(tr("Wait for the running suggestions or cancel them first"));
        return false;
    }
    // The engine works on a snapshot: the annotator may go on editing while it runs.
    auto snapshot = std::make_shared<const image::LabelMap>(*m_session->labels());
    auto started = m_service->propagate(m_volume, m_studyId, std::move(snapshot), request);
    if (!started) {
        Q_EMIT message(tr("Propagation cannot start.") + QLatin1Char(' ') +
                       ErrorPresenter::reason(started.error().code, ErrorAction::Suggest));
        return false;
    }
    startPrompt(request.axis, -1);
    m_batchAxis = request.axis;
    m_batchKind = BatchKind::Propagation;
    m_batchOverwrite = request.overwriteOtherLabels;
    m_batchLabel = request.value;
    m_batchId = started.value();
    Q_EMIT batchRunningChanged(true);
    Q_EMIT batchProgress(0, 1, 0.0);
    Q_EMIT proposalChanged(true);
    return true;
}

void SamAssistant::propagationFinished(const PropagationOutcome& outcome)
{
    if (outcome.batchId != m_batchId || !outcome.result)
        return;
    const propagation::PropagationResult& result = *outcome.result;
    clearBatchProposal();
    for (const propagation::SliceProposal& proposal : result.proposals) {
        m_batchMasks[proposal.slice] =
            image::Image2D<std::uint8_t>{result.width, result.height, 1, proposal.mask};
        m_batchConfidence[proposal.slice] = {proposal.slice, proposal.predictedIou, proposal.stability,
                                             proposal.anchor, proposal.fromSlice};
    }
    ++m_maskVersion;
    Q_EMIT proposedSlicesChanged();
}

void SamAssistant::showOverlay()
{
    ProposalOverlay overlay;
    const image::SliceAxis axis = m_view->viewTransform().normalAxis();
    const std::int64_t slice = m_view->sliceIndex();
    if (m_prompt.slice >= 0) {
        overlay.axis = m_prompt.axis;
        overlay.slice = m_prompt.slice;
        overlay.mask = m_mask;
        for (const sam::SamPoint& point : m_prompt.prompt.points)
            overlay.points.push_back({point.x, point.y, point.label == 1});
        if (const auto& box = m_prompt.prompt.box)
            overlay.box = ProposalOverlay::Box{box->x0, box->y0, box->x1, box->y1};
    } else if (const auto it = m_batchMasks.find(slice); it != m_batchMasks.end() && axis == m_batchAxis) {
        overlay.axis = axis;
        overlay.slice = slice;
        overlay.mask = it->second;
    }
    overlay.id = overlay.mask.pixels.empty() ? 0 : m_maskVersion; // new id = a new mask to paint
    m_view->setProposal(overlay);
    Q_EMIT proposalChanged(hasProposal());
}

bool SamAssistant::accept()
{
    if (!hasProposal() || !m_session->isOpen() || propagationRunning())
        return false;
    std::vector<std::pair<std::int64_t, image::Image2D<std::uint8_t>>> masks;
    image::SliceAxis axis = m_batchAxis;
    SuggestionSource source = SuggestionSource::PromptFree;
    std::vector<SuggestionSlice> slices;
    if (!m_mask.pixels.empty()) {
        axis = m_prompt.axis;
        masks.emplace_back(m_prompt.slice, m_mask);
        const bool noPrompt = m_prompt.prompt.points.empty() && !m_prompt.prompt.box;
        source = noPrompt ? SuggestionSource::PromptFree
                          : (m_prompt.prompt.box ? SuggestionSource::Box : SuggestionSource::Click);
        slices.push_back({m_prompt.slice, m_lastIou, -1.0});
    } else {
        for (auto& [slice, mask] : m_batchMasks)
            masks.emplace_back(slice, mask);
        slices = proposedSlices();
        if (m_batchKind == BatchKind::Propagation)
            source = SuggestionSource::Propagation;
    }
    if (source == SuggestionSource::Propagation) {
        m_session->setActiveLabel(m_batchLabel); // the proposal is for the label it propagated
        m_session->replaceSlices("Propagation", axis, masks, m_batchOverwrite);
    } else {
        m_session->applyMasks("SAM proposal", axis, masks,
                              m_toolSettings && m_toolSettings->overwriteOtherLabels());
    }
    Q_EMIT suggestionsAccepted(source, m_session->activeLabel(), static_cast<int>(axis), slices);
    reject();
    return true;
}

bool SamAssistant::acceptSlice()
{
    const std::int64_t slice = m_view->sliceIndex();
    const auto it = m_batchMasks.find(slice);
    if (propagationRunning() || it == m_batchMasks.end() ||
        m_view->viewTransform().normalAxis() != m_batchAxis || !m_session->isOpen())
        return false;
    const SuggestionSlice confidence = m_batchConfidence[slice];
    const bool propagated = m_batchKind == BatchKind::Propagation;
    if (propagated) {
        m_session->setActiveLabel(m_batchLabel);
        m_session->replaceSlices("Propagation (one slice)", m_batchAxis, {{slice, it->second}},
                                 m_batchOverwrite);
    } else {
        m_session->applyMasks("SAM proposal (one slice)", m_batchAxis, {{slice, it->second}});
    }
    Q_EMIT suggestionsAccepted(propagated ? SuggestionSource::Propagation : SuggestionSource::PromptFree,
                               m_session->activeLabel(), static_cast<int>(m_batchAxis), {confidence});
    return rejectSlice();
}

bool SamAssistant::rejectSlice()
{
    const std::int64_t slice = m_view->sliceIndex();
    if (propagationRunning() || m_view->viewTransform().normalAxis() != m_batchAxis ||
        !m_batchMasks.erase(slice))
        return false;
    m_batchConfidence.erase(slice);
    ++m_maskVersion;
    Q_EMIT proposedSlicesChanged();
    showOverlay();
    return true;
}

void SamAssistant::reject()
{
    if (propagationRunning()) {
        cancelBatch();
        return;
    }
    m_latestRequest = 0;
    setWaiting(false);
    startPrompt(m_prompt.axis, -1);
    showOverlay();
}

void SamAssistant::prefetchAroundView()
{
    if (!m_volume || !m_service->hasModel() || m_view->sliceCount() == 0)
        return;
    const image::SliceAxis axis = m_view->viewTransform().normalAxis();
    const std::int64_t slice = m_view->sliceIndex();
    m_service->prefetch(sourceFor(axis, slice), true);
    m_service->cancelPrefetch();
    for (int d = 1; d <= 2; ++d)
        for (const std::int64_t neighbour : {slice - d, slice + d})
            if (neighbour >= 0 && neighbour < m_view->sliceCount())
                m_service->prefetch(sourceFor(axis, neighbour));
}

} // namespace delineate::ui
