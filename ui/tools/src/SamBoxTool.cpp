#include "tools/SamBoxTool.h"

#include <cmath>

namespace delineate::ui {

void SamBoxTool::press(const ToolContext& context, const ToolEvent& event)
{
    m_context = context;
    m_active = true;
    m_x0 = m_x1 = event.x;
    m_y0 = m_y1 = event.y;
}

void SamBoxTool::drag(const ToolEvent& event)
{
    if (!m_active)
        return;
    m_x1 = event.x;
    m_y1 = event.y;
}

annotation::VoxelBox SamBoxTool::release(const ToolEvent& event)
{
    if (!m_active)
        return {};
    drag(event);
    m_active = false;
    if (std::abs(m_x1 - m_x0) >= 1.0 && std::abs(m_y1 - m_y0) >= 1.0)
        m_sink.setBox(m_context.axis, m_context.slice, std::min(m_x0, m_x1), std::min(m_y0, m_y1),
                      std::max(m_x0, m_x1), std::max(m_y0, m_y1));
    return {};
}

ToolPreview SamBoxTool::preview() const
{
    if (!m_active)
        return {};
    return {{{m_x0, m_y0}, {m_x1, m_y0}, {m_x1, m_y1}, {m_x0, m_y1}}, true};
}

} // namespace delineate::ui
