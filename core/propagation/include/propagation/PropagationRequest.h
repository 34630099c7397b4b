#pragma once
// What to propagate: one label, along one axis, from one or more anchor slices, and how.
//
// From each anchor the engine walks outward slice by slice; the previous slice's result becomes the prompt
// of the next slice through a projection (slice-plane pixels, image/Slice.h; box corners are pixel edges,
// as core/train simulates box prompts: x0 = leftmost column, x1 = rightmost column + 1):
//   Box        the previous mask's bounding box, widened by boxMargin pixels on every side (clipped to
//              the slice)
//   Mask       the same box plus the previous slice's low-res logits as mask input (an anchor's mask
//              goes through SlicePredictor::maskInputFromMask)
//   Points     one positive point at the previous mask's deepest pixel (largest city-block distance to
//              the background, first in row order on ties) and negative points beside the box: at the
//              middle of each side, max(3, 1/4 of the box side) + boxMargin pixels outside it (those
//              inside the slice)
//   BoxPoints  the box and those points
// Of a multimask output the mask with the highest predicted IoU is taken.

#include "image/LabelMap.h"
#include "image/Slice.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace delineate::propagation {

enum class Projection { Box, Mask, Points, BoxPoints };

[[nodiscard]] const char* projectionName(Projection projection); // "box", "mask", "points", "box+points"
[[nodiscard]] std::optional<Projection> parseProjection(const std::string& name);

struct PropagationRequest {
    image::SliceAxis axis = image::SliceAxis::K;
    image::LabelMap::Value value = 1;
    // Slices whose `value` mask seeds propagation (accepted or reviewed masks). Each must hold the label.
    // Never overwritten; a front stops before another anchor. Between two anchors the fronts from both
    // ends take turns and stop where they meet.
    std::vector<std::int64_t> anchors;
    // Reviewed slices: never overwritten, a front stops before them.
    std::vector<std::int64_t> reviewed;
    // Slices the user locked: never entered, a front stops before them.
    std::vector<std::int64_t> locked;
    // Propagate only within [first, last] (last < 0: to the study's end).
    std::int64_t first = 0;
    std::int64_t last = -1;

    Projection projection = Projection::Box;
    double boxMargin = 0.0; // pixels added on every side of the box
    bool multimask = true;
    double iouThreshold = 0.5;       // stop at a slice whose chosen mask's predicted IoU is below this
    double stabilityOffset = 1.0;    // SAM's stability score offset (sam::SamPrediction::stabilityScore)
    double stabilityThreshold = 0.0; // stop at a slice whose stability is below this (0: never)
    // A vanishing mask stops a front: fewer than minPixels pixels, or fewer than minAreaRatio times the
    // previous slice's pixels. An empty mask always stops it.
    std::int64_t minPixels = 5;
    double minAreaRatio = 0.2;
    // A new label never takes another label's voxels unless this is set: proposals leave them out.
    bool overwriteOtherLabels = false;
};

} // namespace delineate::propagation
