#pragma once
// Label operations on one slice (or between two slices), each one undo step through LabelEditHistory.
// Coordinates are slice-plane pixels (image/Slice.h). All operations act on the active label of `rule`
// and respect locked labels. Return the changed region (empty when nothing changed).

#include "annotation/LabelEditHistory.h"
#include "annotation/PaintRule.h"
#include "image/Slice.h"

#include <utility>
#include <vector>

namespace delineate::annotation {

using PlanePoint = std::pair<double, double>; // (x, y) in slice-plane pixels

// Fills (or, with rule.erase, erases) the inside of a closed polygon / lasso.
VoxelBox fillPolygon(LabelEditHistory& history, image::SliceAxis axis, std::int64_t slice,
                     const std::vector<PlanePoint>& polygon, const PaintRule& rule);

// Fills background holes enclosed by the active label.
VoxelBox fillHoles(LabelEditHistory& history, image::SliceAxis axis, std::int64_t slice,
                   const PaintRule& rule);

// Keeps only the largest 8-connected component of the active label on the slice.
VoxelBox keepLargestComponent(LabelEditHistory& history, image::SliceAxis axis, std::int64_t slice,
                              const PaintRule& rule);

// Morphological closing then opening with a disc of `radiusPixels` (smooths ragged edges).
VoxelBox smooth(LabelEditHistory& history, image::SliceAxis axis, std::int64_t slice, const PaintRule& rule,
                int radiusPixels = 1);

// Shape-based interpolation of the active label between two edited slices `first` < `last`: every slice
// strictly between gets the zero level of the linearly blended signed distance maps.
VoxelBox interpolateBetween(LabelEditHistory& history, image::SliceAxis axis, std::int64_t first,
                            std::int64_t last, const PaintRule& rule);

} // namespace delineate::annotation
