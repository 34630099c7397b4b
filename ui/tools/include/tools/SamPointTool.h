#pragma once
// SAM point prompts: left click adds a positive point, right click (or Alt) a negative one. Nothing is
// edited here: the prompt goes to a SamPromptSink, the proposal is accepted or rejected elsewhere.

#include "tools/SamPromptSink.h"
#include "tools/SliceTool.h"

namespace delineate::ui {

class SamPointTool : public SliceTool {
public:
    static constexpr const char* kId = "sam-point";

    explicit SamPointTool(SamPromptSink& sink) : m_sink(sink) {}

    [[nodiscard]] std::string id() const override { return kId; }
    [[nodiscard]] bool usesSecondaryButton() const override { return true; }
    void press(const ToolContext& context, const ToolEvent& event) override
    {
        m_sink.addPoint(context.axis, context.slice, event.x, event.y, !event.secondary);
    }

private:
    SamPromptSink& m_sink;
};

} // namespace delineate::ui
