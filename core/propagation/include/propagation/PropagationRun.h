#pragma once
// The propagation engine: SAM propagation of one label through a volume from anchor slices, one slice at
// a time, computing proposals without touching any label map (ProposalApplier applies them).
//
//   auto run = PropagationRun::start(snapshot, request);   // plans the fronts, copies the anchor masks
//   while (!run->finished()) {                              // e.g. one step per model-thread job
//       predictor.prefetch(axis, run->upcomingSlices(2));   // optional (SamSlicePredictor::prefetch)
//       if (auto step = run->step(predictor); !step) ...    // predicts one slice of one front
//   }
//   ProposalApplier::apply(labels, run->result());          // or some of its slices
//
// Fronts: below the lowest anchor one front walks down, above the highest one walks up, and between two
// neighbouring anchors two fronts walk towards each other. Fronts take turns (one slice each, in slice
// order of their anchors), so the two fronts of a gap meet in its middle. For the next slice s of a front
// the engine first checks, without predicting: the range/study end (StudyEnd), another anchor (Anchor), a
// locked slice (Locked), a reviewed slice (Reviewed), a slice already proposed (Met). Otherwise it selects
// s, prompts SAM with the projection of the front's previous result, takes the multimask output with the
// highest predicted IoU, leaves out other labels' pixels (unless overwriting is allowed), and stops the
// front at low IoU, low stability, an empty or vanishing mask; else s becomes a proposal and the front
// moves on. A stopped slice is not proposed.
//
// The run holds a shared snapshot of the label map it was started on (anchor masks, other labels); the
// caller may keep editing its own copy. Not thread-safe: one thread steps a run. Cancelling is simply not
// stepping any more; the label map is untouched until ProposalApplier::apply. A step that fails (e.g. an
// embedding interrupted by a click: sam::SamPredictor::setInterruptCheck gives ErrorCode::Cancelled) changes
// nothing, and the next step retries the same slice: a model thread can run one step per job and let
// clicks go first.

#include "base/Result.h"
#include "image/LabelMap.h"
#include "propagation/PropagationRequest.h"
#include "propagation/PropagationResult.h"
#include "propagation/SlicePredictor.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace delineate::propagation {

namespace detail {
struct Front;
}

// One step: the slice it looked at, and whether it became a proposal or stopped its front.
struct StepOutcome {
    std::int64_t slice = 0;
    int direction = 1;
    bool proposed = false;
    std::optional<StopReason> stop;
};

struct PropagationProgress {
    int stepsDone = 0;        // slices looked at so far
    int proposals = 0;        // of which proposed
    int slicesLeftAtMost = 0; // slices the fronts may still predict (they may stop earlier)
    std::int64_t lastSlice = 0;
};

// For propagate(): asked between steps; cancelled() true ends the run with ErrorCode::Cancelled.
struct PropagationControl {
    std::function<bool()> cancelled;
    std::function<void(const PropagationProgress&)> progress;
};

class PropagationRun {
public:
    // Checks the request against the label map (axis, anchors inside the study and holding the label,
    // range) and plans the fronts. `labels` must not be null.
    static Result<PropagationRun> start(std::shared_ptr<const image::LabelMap> labels,
                                        PropagationRequest request);

    PropagationRun(PropagationRun&&) noexcept;
    PropagationRun& operator=(PropagationRun&&) noexcept;
    ~PropagationRun();

    [[nodiscard]] bool finished() const;
    // Predicts the next slice of the next front in turn (or stops it without predicting).
    // A predictor error is returned as is; the run can be stepped again (the same slice is retried).
    Result<StepOutcome> step(SlicePredictor& predictor);
    // The slice the next step looks at (none when finished).
    [[nodiscard]] std::optional<std::int64_t> nextSlice() const;
    // Up to `depth` slices ahead of every active front, nearest first, in turn order: for prefetching.
    [[nodiscard]] std::vector<std::int64_t> upcomingSlices(int depth) const;
    [[nodiscard]] PropagationProgress progress() const;

    [[nodiscard]] const PropagationResult& result() const { return m_result; }
    PropagationResult takeResult() { return std::move(m_result); }

private:
    PropagationRun();
    StepOutcome stopFront(detail::Front& front, std::int64_t slice, StopReason reason,
                          std::optional<double> iou = {}, std::optional<double> stability = {});
    std::optional<StopReason> stopBeforePredicting(std::int64_t slice) const;
    Result<StepOutcome> predictNext(detail::Front& front, std::int64_t slice, SlicePredictor& predictor);
    void advanceTurn();

    std::shared_ptr<const image::LabelMap> m_labels;
    PropagationResult m_result;
    std::vector<detail::Front> m_fronts;
    std::vector<std::int64_t> m_ownerOf; // per slice: -1 free, -2 anchor, else proposal index
    std::size_t m_turn = 0;
    std::int64_t m_lastIndex = 0; // last slice index of the range
    int m_steps = 0;
};

// Runs `run` to its end; checks control.cancelled before each step and reports progress after each.
// Cancelled: ErrorCode::Cancelled (the proposals so far stay in run.result(), nothing was applied).
Result<void> runToEnd(PropagationRun& run, SlicePredictor& predictor, const PropagationControl& control = {});

// start + runToEnd: the whole propagation as one call (CLI, benchmark).
Result<PropagationResult> propagate(std::shared_ptr<const image::LabelMap> labels,
                                    const PropagationRequest& request, SlicePredictor& predictor,
                                    const PropagationControl& control = {});

} // namespace delineate::propagation
