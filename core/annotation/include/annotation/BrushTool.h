#pragma once
// Brush and eraser (the eraser is the brush with PaintRule::erase). A small strategy class driven with
// slice-plane pixel coordinates (see image/Slice.h for the plane ↔ voxel mapping):
//   press(x, y) → drag(x, y)… → release(); one undo step per stroke, through LabelEditHistory.
// The radius is in millimetres and follows the voxel spacing, so a disc stays round on anisotropic
// grids; `sphere` paints a 3D ball across neighbouring slices instead of a 2D disc.

#include "annotation/LabelEditHistory.h"
#include "annotation/PaintRule.h"
#include "image/Slice.h"

namespace delineate::annotation {

struct BrushSettings {
    double radiusMm = 3.0;
    bool sphere = false;
    PaintRule rule;
};

class BrushTool {
public:
    explicit BrushTool(LabelEditHistory& history) : m_history(history) {}

    void setSettings(const BrushSettings& settings) { m_settings = settings; }
    [[nodiscard]] const BrushSettings& settings() const { return m_settings; }

    void press(image::SliceAxis axis, std::int64_t sliceIndex, double x, double y);
    void drag(double x, double y);
    // Ends the stroke; returns the region that changed.
    VoxelBox release();
    [[nodiscard]] bool active() const { return m_active; }

private:
    void stamp(double x, double y);

    LabelEditHistory& m_history;
    BrushSettings m_settings;
    image::SliceAxis m_axis = image::SliceAxis::K;
    std::int64_t m_slice = 0;
    double m_lastX = 0, m_lastY = 0;
    bool m_active = false;
};

} // namespace delineate::annotation
