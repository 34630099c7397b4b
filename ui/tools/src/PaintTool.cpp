#include "tools/PaintTool.h"

namespace delineate::ui {

void PaintTool::press(const ToolContext& context, const ToolEvent& event)
{
    cancel();
    if (!context.history)
        return;
    m_history = context.history;
    m_brush = std::make_unique<annotation::BrushTool>(*context.history);
    annotation::BrushSettings settings = context.brush;
    settings.rule = context.rule;
    settings.rule.erase = m_erase;
    m_brush->setSettings(settings);
    m_brush->press(context.axis, context.slice, event.x, event.y);
}

void PaintTool::drag(const ToolEvent& event)
{
    if (m_brush && m_brush->active())
        m_brush->drag(event.x, event.y);
}

annotation::VoxelBox PaintTool::release(const ToolEvent&)
{
    annotation::VoxelBox changed;
    if (m_brush && m_brush->active())
        changed = m_brush->release();
    m_brush.reset();
    m_history = nullptr;
    return changed;
}

void PaintTool::cancel()
{
    if (m_brush && m_brush->active() && m_history && m_history->editing())
        m_history->cancel();
    m_brush.reset();
    m_history = nullptr;
}

} // namespace delineate::ui
