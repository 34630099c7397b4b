#pragma once
// Lasso / polygon fill: press starts the outline, dragging adds vertices, release fills its inside
// with the active label (or erases it: the erase variant, or the right button / Alt). One undo step.

#include "tools/SliceTool.h"

namespace delineate::ui {

class PolygonTool : public SliceTool {
public:
    static constexpr const char* kFillId = "polygon";
    static constexpr const char* kEraseId = "polygon-erase";

    explicit PolygonTool(bool erase) : m_erase(erase) {}

    [[nodiscard]] std::string id() const override { return m_erase ? kEraseId : kFillId; }
    [[nodiscard]] bool usesSecondaryButton() const override { return true; }
    void press(const ToolContext& context, const ToolEvent& event) override;
    void drag(const ToolEvent& event) override;
    annotation::VoxelBox release(const ToolEvent& event) override;
    void cancel() override;
    [[nodiscard]] ToolPreview preview() const override;

private:
    bool m_erase = false;
    bool m_active = false;
    bool m_secondary = false;
    ToolContext m_context;
    std::vector<annotation::PlanePoint> m_points;
};

} // namespace delineate::ui
