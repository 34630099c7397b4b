#include "gui/ConfidenceRecompute.h"

#include "inference/SamService.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "project/ProvenanceLog.h"

#include <algorithm>
#include <limits>

namespace delineate::app {
namespace {

// The provenance source of a prompt-free suggestion (project::ProvenanceLog).
constexpr const char* kPromptFree = "prompt_free";

// The bounding box (XYXY, slice pixels, inclusive pixel indices) of `value` on slice `slice` of
// `axis`; nothing when the slice does not hold it.
std::optional<sam::SamBox> boxOf(const image::LabelMap& labels, image::SliceAxis axis, std::int64_t slice,
                                 image::LabelMap::Value value)
{
    const auto pixels = image::extractLabelSlice(labels, axis, slice);
    int x0 = std::numeric_limits<int>::max(), y0 = x0, x1 = -1, y1 = -1;
    for (int y = 0; y < pixels.height; ++y)
        for (int x = 0; x < pixels.width; ++x)
            if (pixels.at(x, y) == value) {
                x0 = std::min(x0, x);
                y0 = std::min(y0, y);
                x1 = std::max(x1, x);
                y1 = std::max(y1, y);
            }
    if (x1 < 0)
        return std::nullopt;
    return sam::SamBox{double(x0), double(y0), double(x1), double(y1)};
}

} // namespace

ConfidenceRecompute::ConfidenceRecompute(ui::SamService* service, ui::SamAssistant* assistant,
                                         ui::LabelSession* session, Log log, Model model, QObject* parent)
    : QObject(parent), m_service(service), m_assistant(assistant), m_session(session), m_log(std::move(log)),
      m_model(std::move(model))
{
    connect(m_service, &ui::SamService::modelLoaded, this, &ConfidenceRecompute::modelLoaded);
    connect(m_service, &ui::SamService::batchSliceReady, this, &ConfidenceRecompute::sliceReady);
    connect(m_service, &ui::SamService::batchFinished, this, &ConfidenceRecompute::finished);
    connect(m_service, &ui::SamService::batchProgress, this, [this](const ui::BatchProgress& progress) {
        if (progress.batchId == m_batchId && m_batchId != 0)
            m_next = std::size_t(progress.done);
    });
}

void ConfidenceRecompute::modelLoaded()
{
    const auto loaded = m_model ? m_model() : std::pair<QString, QString>{};
    const bool changed = m_anyLoaded && loaded != m_loaded;
    m_anyLoaded = true;
    m_loaded = loaded;
    if (changed)
        start();
}

std::optional<double> ConfidenceRecompute::confidence(int axis, std::uint16_t label, std::int64_t slice) const
{
    const auto it = m_confidence.find({axis, label, slice});
    return it == m_confidence.end() ? std::nullopt : std::optional<double>(it->second);
}

bool ConfidenceRecompute::start()
{
    cancel();
    m_confidence.clear();
    m_order.clear();
    m_next = 0;
    if (!m_session->isOpen() || !m_service->hasModel()) {
        setStale(false);
        return false;
    }
    std::vector<std::pair<ui::SliceSource, sam::SamPrompt>> requests;
    for (const auto& [key, provenance] : m_log().records()) {
        if (!provenance.predictedIou)
            continue; // edits by hand carry no confidence
        const auto& [axis, label, slice] = key;
        const auto box = boxOf(*m_session->labels(), static_cast<image::SliceAxis>(axis), slice, label);
        if (!box)
            continue;
        // Each slice is asked the question it was suggested for: a prompt-free suggestion without a
        // prompt (SAM's automatic output), every other one with the label's box there.
        sam::SamPrompt prompt;
        if (provenance.source != kPromptFree)
            prompt.box = *box;
        requests.emplace_back(m_assistant->sourceFor(static_cast<image::SliceAxis>(axis), slice),
                              std::move(prompt));
        m_order.push_back(key);
    }
    m_requested = int(requests.size());
    if (requests.empty()) {
        setStale(false);
        return false;
    }
    m_batchId = m_service->decodeSlices(requests);
    setStale(true);
    return true;
}

void ConfidenceRecompute::cancel()
{
    if (m_batchId == 0)
        return;
    const std::uint64_t batchId = m_batchId;
    m_batchId = 0;
    m_service->cancelBatch(batchId);
}

void ConfidenceRecompute::forget()
{
    cancel();
    m_confidence.clear();
    m_order.clear();
    setStale(false);
}

void ConfidenceRecompute::sliceReady(std::uint64_t batchId, const ui::MaskProposal& proposal)
{
    if (batchId != m_batchId || m_batchId == 0 || m_next >= m_order.size())
        return;
    m_confidence[m_order[m_next]] = double(proposal.iouScore);
    Q_EMIT updated();
}

void ConfidenceRecompute::finished(std::uint64_t batchId, bool cancelled)
{
    if (batchId != m_batchId || m_batchId == 0)
        return;
    m_batchId = 0;
    if (!cancelled)
        setStale(false);
    Q_EMIT updated();
}

void ConfidenceRecompute::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    Q_EMIT staleChanged(stale);
}

} // namespace delineate::app
