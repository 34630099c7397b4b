#pragma once
// Arguments shared by the few-shot commands (train, segment, eval, propagate, everything): device, study
// loading, slice axis and slice lists.

#include "CommandOptions.h"
#include "image/LabelMap.h"
#include "image/Slice.h"
#include "io/StudyLoader.h"
#include "sam/SamPredictor.h"

#include <cstdint>
#include <vector>

namespace delineate::cli {

// --device cpu|cuda|auto (default cpu), --threads N (0: all cores).
Result<sam::SamOptions> samOptionsFrom(const CommandOptions& options);
// --series UID, --stack K, --frame N.
Result<io::LoadOptions> loadOptionsFrom(const CommandOptions& options);

// --axis i|j|k (default k: axial for an axial acquisition).
Result<image::SliceAxis> sliceAxisOption(const CommandOptions& options);

// `count` indices spread evenly over `candidates` (all of them when count >= size), skipping `exclude`:
// the centres of `count` equal parts (Centres), or the `count` points that cut the list into count + 1
// equal parts (Between: lands between the centres, for held-out slices away from the training ones).
enum class Spread { Centres, Between };
std::vector<std::int64_t> spreadEvenly(const std::vector<std::int64_t>& candidates, std::size_t count,
                                       const std::vector<std::int64_t>& exclude = {},
                                       Spread spread = Spread::Centres);

} // namespace delineate::cli
