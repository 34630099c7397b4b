#pragma once
// The SAM presenter: turns tool prompts into SamService requests and their results into the proposal
// layer of the slice view; Enter accepts the proposal into the active label (one undo step through the
// label session), Esc rejects it.
//
// Refinement: clicks on the same slice accumulate; each request sends all points and the previous
// low-res logits as mask input. A box starts a new prompt. Prompt-free suggestions cover the current
// slice or a range of slices (cancellable batch); their masks form one proposal accepted together.
// Propagation (propagate()) is a batch too: the service runs core/propagation's engine step by step
// on the model thread; its proposals over every slice it reached arrive together as one proposal
// (nothing shows before, cancelling keeps nothing). Enter accepts all of it as one undo step, replacing
// the label on those slices; acceptSlice / rejectSlice take or drop the shown slice alone.
// Embeddings of the current and neighbouring slices are prefetched whenever the slice changes.
// Never waits on the model: every result arrives as a queued signal.

#include "inference/InferenceTypes.h"
#include "inference/SamService.h"
#include "labeling/LabelSession.h"
#include "propagation/PropagationRequest.h"
#include "tools/SamPromptSink.h"
#include "viewer/ProposalOverlay.h"

#include <QElapsedTimer>
#include <QObject>

#include <map>
#include <memory>
#include <vector>

namespace delineate::ui {

class SliceView;
class ToolSettings;

// Where an accepted suggestion came from, and SAM's confidence in it on one slice.
struct SuggestionSlice {
    std::int64_t slice = 0;
    double predictedIou = 0.0;
    double stability = -1.0;     // -1: not computed (clicks, prompt-free)
    std::int64_t anchor = -1;    // propagation: the anchor its front started from (-1: none)
    std::int64_t fromSlice = -1; // propagation: the slice that prompted it (-1: none)
};
enum class SuggestionSource { Click, Box, PromptFree, Propagation };

class SamAssistant : public QObject, public SamPromptSink {
    Q_OBJECT

public:
    SamAssistant(SamService* service, LabelSession* session, SliceView* view, QObject* parent = nullptr);

    // Where accept() reads "Overwrite other labels" (not owned; without it other labels are kept).
    void setToolSettings(const ToolSettings* settings) { m_toolSettings = settings; }
    // The study prompts refer to (nullptr: none); drops any proposal.
    void setStudy(std::shared_ptr<const image::Volume> volume, const QString& studyId);

    void addPoint(image::SliceAxis axis, std::int64_t slice, double x, double y, bool positive) override;
    void setBox(image::SliceAxis axis, std::int64_t slice, double x0, double y0, double x1,
                double y1) override;

    [[nodiscard]] bool hasProposal() const;
    // A prompt was sent and its mask has not arrived yet (also while the model is still loading: the
    // prompt is queued and served when it is ready).
    [[nodiscard]] bool isWaiting() const { return m_waiting; }
    [[nodiscard]] bool batchRunning() const { return m_batchId != 0; }
    [[nodiscard]] bool propagationRunning() const
    {
        return m_batchId != 0 && m_batchKind == BatchKind::Propagation;
    }
    // Slices of the multi-slice proposal (prompt-free batch or propagation), with their confidence.
    [[nodiscard]] std::vector<SuggestionSlice> proposedSlices() const;
    [[nodiscard]] image::SliceAxis proposalAxis() const { return m_batchAxis; }
    [[nodiscard]] bool proposalIsPropagation() const { return m_batchKind == BatchKind::Propagation; }
    // Starts a propagation of request.value from request.anchors on the shown study (its label map as it
    // is now); false with a message when the request is refused or a batch runs already.
    bool propagate(const propagation::PropagationRequest& request);
    // The slice source SAM sees for a slice (window from image::samInputWindow).
    [[nodiscard]] SliceSource sourceFor(image::SliceAxis axis, std::int64_t slice) const;

public Q_SLOTS:
    void suggestCurrentSlice();
    void suggestAllSlices();
    // Prompt-free suggestions for slices first..last (either order, clamped) of the shown plane.
    void suggestSliceRange(std::int64_t first, std::int64_t last);
    void cancelBatch();
    bool accept();
    // Esc: cancels a running propagation (nothing is kept), else drops the proposal.
    void reject();
    // The shown slice of a multi-slice proposal alone: accepted (one undo step) or dropped.
    bool acceptSlice();
    bool rejectSlice();
    void prefetchAroundView();

Q_SIGNALS:
    void proposalChanged(bool present);
    void timingChanged(const QString& text);
    void batchProgress(int done, int total, double secondsRemaining);
    void batchRunningChanged(bool running);
    void message(const QString& text);
    // A suggestion went into the active label (after the edit; `label` is the value it was written to).
    void suggestionsAccepted(delineate::ui::SuggestionSource source, quint16 label, int axis,
                             const std::vector<delineate::ui::SuggestionSlice>& slices);
    // The multi-slice proposal changed (arrived, lost a slice, accepted, dropped).
    void proposedSlicesChanged();
    // isWaiting() changed.
    void waitingChanged(bool waiting);

private:
    struct Prompt {
        image::SliceAxis axis = image::SliceAxis::K;
        std::int64_t slice = -1;
        sam::SamPrompt prompt;
    };

    bool ready();
    void setWaiting(bool waiting);
    void startPrompt(image::SliceAxis axis, std::int64_t slice);
    void send();
    void showOverlay();
    void emitTiming();
    void maskReady(const MaskProposal& proposal);
    void batchSliceReady(std::uint64_t batchId, const MaskProposal& proposal);
    void batchFinished(std::uint64_t batchId, bool cancelled);
    void propagationFinished(const PropagationOutcome& outcome);
    void clearBatchProposal();

    enum class BatchKind { PromptFree, Propagation };

    SamService* m_service;
    LabelSession* m_session;
    SliceView* m_view;
    const ToolSettings* m_toolSettings = nullptr;
    std::shared_ptr<const image::Volume> m_volume;
    QString m_studyId;

    Prompt m_prompt;
    std::uint64_t m_latestRequest = 0;
    image::Image2D<std::uint8_t> m_mask; // interactive proposal on m_prompt's slice
    image::SliceAxis m_batchAxis = image::SliceAxis::K;
    std::map<std::int64_t, image::Image2D<std::uint8_t>> m_batchMasks;
    std::map<std::int64_t, SuggestionSlice> m_batchConfidence;
    BatchKind m_batchKind = BatchKind::PromptFree;
    bool m_batchOverwrite = false;        // the propagation's "overwrite other labels"
    LabelSession::Value m_batchLabel = 0; // the label a propagation proposal is for
    float m_lastIou = 0.0f;               // of the interactive proposal
    std::uint64_t m_batchId = 0;
    std::uint64_t m_maskVersion = 0;
    double m_lastEmbedMilliseconds = 0.0;
    double m_lastDecodeMilliseconds = 0.0;
    bool m_waiting = false;
};

} // namespace delineate::ui

Q_DECLARE_METATYPE(delineate::ui::SuggestionSource)
