#pragma once
// Turns a binary slice mask into a SAM prompt (the projections of PropagationRequest.h). Frames: slice
// pixels, x = column, y = row; box corners are pixel edges ([minX, maxX + 1]), points pixel centres.

#include "propagation/PropagationRequest.h"
#include "sam/SamPrompt.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace delineate::propagation::detail {

struct PixelBounds {
    int minX = 0;
    int minY = 0;
    int maxX = -1; // inclusive
    int maxY = -1;
};

class PromptProjection {
public:
    // Bounds of the set pixels of a width x height mask (none when empty).
    [[nodiscard]] static std::optional<PixelBounds> bounds(const std::vector<std::uint8_t>& mask, int width,
                                                           int height);
    // The box [minX - margin, minY - margin, maxX + 1 + margin, maxY + 1 + margin], clipped to the slice.
    [[nodiscard]] static sam::SamBox box(const PixelBounds& bounds, double margin, int width, int height);
    // The set pixel with the largest city-block distance to the background (outside the slice counts as
    // background); the first in row order on ties.
    [[nodiscard]] static sam::SamPoint deepestPoint(const std::vector<std::uint8_t>& mask, int width,
                                                    int height);
    // Negative points at the middle of each side of the bounds, max(3, side / 4) + margin pixels outside,
    // those inside the slice (left, right, top, bottom).
    [[nodiscard]] static std::vector<sam::SamPoint> negativePoints(const PixelBounds& bounds, double margin,
                                                                   int width, int height);
    // The prompt for `projection` (the mask input, when the projection wants one, is the caller's).
    [[nodiscard]] static sam::SamPrompt prompt(Projection projection, const std::vector<std::uint8_t>& mask,
                                               int width, int height, double margin);
};

} // namespace delineate::propagation::detail
