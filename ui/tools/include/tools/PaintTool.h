#pragma once
// Brush and eraser on the label map: annotation::BrushTool (mm radius, 2D disc or 3D sphere) driven by
// the view. The eraser is the same tool with the erase flag. One undo step per stroke.

#include "tools/SliceTool.h"

#include <memory>

namespace delineate::ui {

class PaintTool : public SliceTool {
public:
    static constexpr const char* kBrushId = "brush";
    static constexpr const char* kEraserId = "eraser";

    explicit PaintTool(bool erase) : m_erase(erase) {}

    [[nodiscard]] std::string id() const override { return m_erase ? kEraserId : kBrushId; }
    void press(const ToolContext& context, const ToolEvent& event) override;
    void drag(const ToolEvent& event) override;
    annotation::VoxelBox release(const ToolEvent& event) override;
    void cancel() override;

private:
    bool m_erase = false;
    annotation::LabelEditHistory* m_history = nullptr;
    std::unique_ptr<annotation::BrushTool> m_brush;
    annotation::VoxelBox m_changed;
};

} // namespace delineate::ui
