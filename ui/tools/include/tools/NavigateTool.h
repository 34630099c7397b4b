#pragma once
// The navigation tool: the left button pans (the view handles it), nothing is edited.

#include "tools/SliceTool.h"

namespace delineate::ui {

class NavigateTool : public SliceTool {
public:
    static constexpr const char* kId = "navigate";
    [[nodiscard]] std::string id() const override { return kId; }
    [[nodiscard]] bool navigates() const override { return true; }
    void press(const ToolContext&, const ToolEvent&) override {}
};

} // namespace delineate::ui
