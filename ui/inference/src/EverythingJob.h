#pragma once
// The segment-everything job of SamService's model thread: one slice, as clicks see it (the 8-bit RGB
// image its SliceSource window makes, the same pixels the embedding cache holds), through
// core/automask's generator on the thread's one predictor. Model thread only.

#include "automask/AutomaticMaskGenerator.h"
#include "base/Result.h"
#include "inference/InferenceTypes.h"
#include "sam/SamPredictor.h"

#include <functional>
#include <vector>

namespace delineate::ui::detail {

// Runs the generator on `source`'s slice. `progress` is asked before each crop and after each decoded
// grid point; false stops it (ErrorCode::Cancelled). An embedding interrupted by the predictor's
// interrupt check also ends in Cancelled. InvalidArgument for a slice out of range.
Result<std::vector<automask::AutomaticMask>>
runEverything(sam::SamPredictor& predictor, const SliceSource& source,
              const automask::AutomaticMaskOptions& options,
              const std::function<bool(const automask::AutomaticMaskProgress&)>& progress);

} // namespace delineate::ui::detail
