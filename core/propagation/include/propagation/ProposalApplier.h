#pragma once
// Applies a propagation's proposals to a label map: the second, separate step after computing them
// (PropagationRun). All or nothing: every selected slice is checked first, then all are written.
//
// On each applied slice (along the result's axis) the proposal replaces the label: proposal pixels get
// the label value, the label's other pixels on that slice become background. Other labels' voxels are
// kept unless the request allowed overwriting them (checked against `labels` as it is now, so edits made
// while the propagation ran are respected). Anchor and reviewed slices are never proposals, so never
// touched.

#include "base/Result.h"
#include "image/LabelMap.h"
#include "propagation/PropagationResult.h"

#include <cstdint>
#include <vector>

namespace delineate::propagation {

struct ApplySummary {
    int slices = 0;
    std::int64_t voxelsSet = 0;     // voxels that became the label
    std::int64_t voxelsCleared = 0; // voxels of the label that became background
};

class ProposalApplier {
public:
    // Applies the proposals for `slices` (empty: all of them). Fails without changing anything when the
    // label map is on another grid or a slice has no proposal.
    static Result<ApplySummary> apply(image::LabelMap& labels, const PropagationResult& result,
                                      const std::vector<std::int64_t>& slices = {});
};

} // namespace delineate::propagation
