#include "propagation/ProposalApplier.h"

#include "image/Slice.h"

#include <string>

namespace delineate::propagation {

Result<ApplySummary> ProposalApplier::apply(image::LabelMap& labels, const PropagationResult& result,
                                            const std::vector<std::int64_t>& slices)
{
    if (auto grid = labels.checkGrid(result.geometry); !grid)
        return grid.error();
    std::vector<const SliceProposal*> selected;
    if (slices.empty()) {
        for (const SliceProposal& p : result.proposals)
            selected.push_back(&p);
    } else {
        for (std::int64_t s : slices) {
            const SliceProposal* p = result.proposal(s);
            if (!p)
                return makeError(ErrorCode::InvalidArgument, {},
                                 "no propagated proposal for slice " + std::to_string(s));
            selected.push_back(p);
        }
    }
    const PropagationRequest& r = result.request;
    const std::size_t pixels = static_cast<std::size_t>(result.width) * result.height;
    for (const SliceProposal* p : selected)
        if (p->mask.size() != pixels)
            return makeError(ErrorCode::SizeMismatch, {},
                             "proposal for slice " + std::to_string(p->slice) +
                                 " does not match the slice size");
    ApplySummary summary;
    std::vector<image::Image2D<image::LabelMap::Value>> planes;
    planes.reserve(selected.size());
    for (const SliceProposal* p : selected) {
        image::Image2D<image::LabelMap::Value> plane = image::extractLabelSlice(labels, r.axis, p->slice);
        for (std::size_t i = 0; i < pixels; ++i) {
            image::LabelMap::Value& v = plane.pixels[i];
            if (p->mask[i]) {
                if (v != r.value && (v == 0 || r.overwriteOtherLabels)) {
                    v = r.value;
                    ++summary.voxelsSet;
                }
            } else if (v == r.value) {
                v = 0;
                ++summary.voxelsCleared;
            }
        }
        planes.push_back(std::move(plane));
    }
    for (std::size_t n = 0; n < selected.size(); ++n)
        if (auto written = image::writeLabelSlice(labels, r.axis, selected[n]->slice, planes[n]); !written)
            return written.error();
    summary.slices = static_cast<int>(selected.size());
    return summary;
}

} // namespace delineate::propagation
