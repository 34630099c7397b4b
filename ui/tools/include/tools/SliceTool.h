#pragma once
// The interface of a slice-view tool: a small Qt-free strategy driven with press / drag / release in
// slice-plane pixels (image/Slice.h: x, y continuous, voxel centres at integers; the view converts mouse
// positions through SliceViewTransform). Tools that edit labels do so through ctx.history, one undo step
// per gesture, and return the region they changed.

#include "annotation/BrushTool.h"
#include "annotation/LabelEditHistory.h"
#include "annotation/PaintRule.h"
#include "annotation/SliceOperations.h"
#include "annotation/VoxelBox.h"
#include "image/Slice.h"

#include <string>
#include <vector>

namespace delineate::ui {

// What a gesture works on, built by the view's owner when the gesture starts.
struct ToolContext {
    annotation::LabelEditHistory* history = nullptr; // null: no label map (editing tools do nothing)
    annotation::PaintRule rule;
    annotation::BrushSettings brush; // radius (mm) and 2D disc / 3D sphere
    image::SliceAxis axis = image::SliceAxis::K;
    std::int64_t slice = 0;
};

struct ToolEvent {
    double x = 0.0; // slice-plane pixels
    double y = 0.0;
    bool secondary = false; // right button or Alt: negative point, erase with the polygon, …
};

// An outline to draw over the slice while a gesture runs (slice-plane pixels).
struct ToolPreview {
    std::vector<annotation::PlanePoint> points;
    bool closed = false;
};

class SliceTool {
public:
    virtual ~SliceTool() = default;

    // Untranslated, stable id ("brush", "sam-point", …).
    [[nodiscard]] virtual std::string id() const = 0;
    // True for the navigation tool: the left button pans instead of calling press().
    [[nodiscard]] virtual bool navigates() const { return false; }
    // True when the right button goes to the tool (secondary) instead of window/level.
    [[nodiscard]] virtual bool usesSecondaryButton() const { return false; }

    virtual void press(const ToolContext& context, const ToolEvent& event) = 0;
    virtual void drag(const ToolEvent&) {}
    // Ends the gesture; returns the label region changed (empty when none).
    virtual annotation::VoxelBox release(const ToolEvent&) { return {}; }
    virtual void cancel() {}
    [[nodiscard]] virtual ToolPreview preview() const { return {}; }
};

} // namespace delineate::ui
