#pragma once
// Moving the slices of a tilted stack within their planes onto the orthogonal grid StackLayout chose
// (StackLayout.h: sliceShift). Each slice is translated by its own sub-pixel shift with bilinear
// interpolation (rounded for integer images); shifts within 1 % of a whole pixel copy the pixels unchanged.
// The grid's pixels that no acquired pixel covers take the lowest value of the stack (air in CT), 0 in colour
// images.

#include "base/Result.h"
#include "detail/StackLayout.h"
#include "image/Volume.h"

namespace delineate::dicom::detail {

// `acquired` holds the sorted slices at their acquired size; the result has layout.geometry.
[[nodiscard]] Result<image::Volume> straightenSlices(const image::Volume& acquired,
                                                     const StackLayout& layout);

} // namespace delineate::dicom::detail
