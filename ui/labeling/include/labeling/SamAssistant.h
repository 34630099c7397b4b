#pragma once
// The SAM presenter: turns tool prompts into SamService requests and their results into the proposal
// layer of the slice view; Enter accepts the proposal into the active label (one undo step through the
// label session), Esc rejects it.
//
// Refinement: clicks on the same slice accumulate; each request sends all points and the previous
// low-res logits as mask input. A box starts a new prompt. Prompt-free suggestions cover the current
// slice or a range of slices (cancellable batch); their masks form one proposal accepted together.
// Embeddings of the current and neighbouring slices are prefetched whenever the slice changes.
// Never waits on the model: every result arrives as a queued signal.

#include "inference/InferenceTypes.h"
#include "inference/SamService.h"
#include "tools/SamPromptSink.h"
#include "viewer/ProposalOverlay.h"

#include <QElapsedTimer>
#include <QObject>

#include <map>
#include <memory>

namespace delineate::ui {

class LabelSession;
class SliceView;
class ToolSettings;

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
    [[nodiscard]] bool batchRunning() const { return m_batchId != 0; }
    // The slice source SAM sees for a slice (window from image::samInputWindow).
    [[nodiscard]] SliceSource sourceFor(image::SliceAxis axis, std::int64_t slice) const;

public Q_SLOTS:
    void suggestCurrentSlice();
    void suggestAllSlices();
    // Prompt-free suggestions for slices first..last (either order, clamped) of the shown plane.
    void suggestSliceRange(std::int64_t first, std::int64_t last);
    void cancelBatch();
    bool accept();
    void reject();
    void prefetchAroundView();

Q_SIGNALS:
    void proposalChanged(bool present);
    void timingChanged(const QString& text);
    void batchProgress(int done, int total, double secondsRemaining);
    void batchRunningChanged(bool running);
    void message(const QString& text);

private:
    struct Prompt {
        image::SliceAxis axis = image::SliceAxis::K;
        std::int64_t slice = -1;
        sam::SamPrompt prompt;
    };

    bool ready();
    void startPrompt(image::SliceAxis axis, std::int64_t slice);
    void send();
    void showOverlay();
    void emitTiming();
    void maskReady(const MaskProposal& proposal);
    void batchSliceReady(std::uint64_t batchId, const MaskProposal& proposal);
    void batchFinished(std::uint64_t batchId, bool cancelled);

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
    std::uint64_t m_batchId = 0;
    std::uint64_t m_maskVersion = 0;
    double m_lastEmbedMilliseconds = 0.0;
    double m_lastDecodeMilliseconds = 0.0;
};

} // namespace delineate::ui
