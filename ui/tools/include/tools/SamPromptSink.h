#pragma once
// Where the SAM tools send their prompts (slice-plane pixels, the frame of sam::SamPrompt for a slice).
// Implemented by the SAM presenter, which owns the proposal being refined.

#include "image/Slice.h"

#include <cstdint>

namespace delineate::ui {

class SamPromptSink {
public:
    virtual ~SamPromptSink() = default;
    // A click: positive (foreground) or negative. Further clicks on the same slice refine the proposal.
    virtual void addPoint(image::SliceAxis axis, std::int64_t slice, double x, double y, bool positive) = 0;
    // A box (XYXY, any corner order) replaces the current prompt.
    virtual void setBox(image::SliceAxis axis, std::int64_t slice, double x0, double y0, double x1,
                        double y1) = 0;
};

} // namespace delineate::ui
