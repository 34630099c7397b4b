#pragma once
// SAM box prompt: drag a rectangle; on release it goes to the SamPromptSink. A click without a drag
// (box smaller than a pixel) is ignored.

#include "tools/SamPromptSink.h"
#include "tools/SliceTool.h"

namespace delineate::ui {

class SamBoxTool : public SliceTool {
public:
    static constexpr const char* kId = "sam-box";

    explicit SamBoxTool(SamPromptSink& sink) : m_sink(sink) {}

    [[nodiscard]] std::string id() const override { return kId; }
    void press(const ToolContext& context, const ToolEvent& event) override;
    void drag(const ToolEvent& event) override;
    annotation::VoxelBox release(const ToolEvent& event) override;
    void cancel() override { m_active = false; }
    [[nodiscard]] ToolPreview preview() const override;

private:
    SamPromptSink& m_sink;
    bool m_active = false;
    ToolContext m_context;
    double m_x0 = 0, m_y0 = 0, m_x1 = 0, m_y1 = 0;
};

} // namespace delineate::ui
