#include "propagation/PropagationResult.h"

namespace delineate::propagation {

const char* stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::LowIou:
        return "low_iou";
    case StopReason::LowStability:
        return "low_stability";
    case StopReason::Empty:
        return "empty";
    case StopReason::Vanishing:
        return "vanishing";
    case StopReason::Anchor:
        return "anchor";
    case StopReason::Met:
        return "met";
    case StopReason::Reviewed:
        return "reviewed";
    case StopReason::Locked:
        return "locked";
    case StopReason::StudyEnd:
        return "study_end";
    }
    return "study_end";
}

const SliceProposal* PropagationResult::proposal(std::int64_t slice) const
{
    for (const SliceProposal& p : proposals)
        if (p.slice == slice)
            return &p;
    return nullptr;
}

} // namespace delineate::propagation
