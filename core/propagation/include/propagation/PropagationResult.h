#pragma once
// What a propagation computed, before anything is applied to a label map (ProposalApplier does that).
//
// proposals: one per propagated slice, in the order they were computed. Each mask is width x height in
// the slice-plane frame of image/Slice.h (row-major, 1 = the label), already without other labels' pixels
// unless the request allowed overwriting them.
// stops: one per front (an anchor and a direction), saying where and why it ended.

#include "image/Geometry.h"
#include "propagation/PropagationRequest.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace delineate::propagation {

struct SliceProposal {
    std::int64_t slice = 0;
    std::vector<std::uint8_t> mask; // width x height, 1 = inside
    std::int64_t pixels = 0;        // pixels set in mask
    double predictedIou = 0.0;      // SAM's predicted IoU of the chosen mask
    double stability = 0.0;         // SAM's stability score of the chosen mask (request's offset)
    std::int64_t fromSlice = 0;     // the slice whose result prompted this one
    std::int64_t anchor = 0;        // the anchor the front started from
};

enum class StopReason {
    LowIou,       // the chosen mask's predicted IoU was below the threshold
    LowStability, // its stability score was below the threshold
    Empty,        // the predicted mask was empty (after leaving out other labels)
    Vanishing,    // fewer than minPixels pixels, or shrank below minAreaRatio of the previous slice
    Anchor,       // the next slice is another anchor
    Met,          // the next slice was already proposed by the front coming from the other side
    Reviewed,     // the next slice is reviewed
    Locked,       // the next slice is locked
    StudyEnd,     // the last slice of the study (or of the request's range) was reached
};

[[nodiscard]] const char* stopReasonName(StopReason reason); // "low_iou", "met", "study_end", ...

struct FrontStop {
    std::int64_t anchor = 0;
    int direction = 1;                     // +1 towards higher slice indices, -1 towards lower ones
    std::int64_t lastSlice = 0;            // last slice the front proposed (the anchor when none)
    std::optional<std::int64_t> stopSlice; // the slice that stopped it (none at the study's end)
    StopReason reason = StopReason::StudyEnd;
    // For LowIou / LowStability / Empty / Vanishing: the rejected prediction's values.
    std::optional<double> predictedIou;
    std::optional<double> stability;
};

struct PropagationResult {
    PropagationRequest request;
    image::Geometry geometry; // grid of the label map it was computed on
    int width = 0;            // slice size along request.axis
    int height = 0;
    std::vector<SliceProposal> proposals;
    std::vector<FrontStop> stops;

    // The proposal for `slice`, or nullptr.
    [[nodiscard]] const SliceProposal* proposal(std::int64_t slice) const;
};

} // namespace delineate::propagation
