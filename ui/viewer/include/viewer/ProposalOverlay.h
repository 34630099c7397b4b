#pragma once
// A SAM proposal as a slice view shows it: a binary mask on one slice (slice-plane pixels, image/Slice.h)
// with the prompt that made it. Drawn in its own colour and dashed outline over the labels until it is
// accepted into the label map or rejected. Value type; the view never edits it.

#include "image/Slice.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace delineate::ui {

struct ProposalOverlay {
    struct Point {
        double x = 0.0;
        double y = 0.0;
        bool positive = true;
    };
    struct Box {
        double x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0;
    };

    std::uint64_t id = 0; // changes with every new mask (SliceView::proposalPainted reports it)
    image::SliceAxis axis = image::SliceAxis::K;
    std::int64_t slice = 0;
    image::Image2D<std::uint8_t> mask; // 1 inside; empty while the first mask is still being computed
    std::vector<Point> points;
    std::optional<Box> box;

    [[nodiscard]] bool empty() const { return mask.pixels.empty() && points.empty() && !box; }
};

} // namespace delineate::ui
