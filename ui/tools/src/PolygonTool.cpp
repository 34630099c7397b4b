#include "tools/PolygonTool.h"

#include <cmath>

namespace delineate::ui {
namespace {

constexpr double kMinimumVertexDistance = 0.5; // slice pixels between recorded vertices

} // namespace

void PolygonTool::press(const ToolContext& context, const ToolEvent& event)
{
    m_context = context;
    m_secondary = event.secondary;
    m_points = {{event.x, event.y}};
    m_active = context.history != nullptr;
}

void PolygonTool::drag(const ToolEvent& event)
{
    if (!m_active)
        return;
    const auto& [lastX, lastY] = m_points.back();
    if (std::hypot(event.x - lastX, event.y - lastY) >= kMinimumVertexDistance)
        m_points.emplace_back(event.x, event.y);
}

annotation::VoxelBox PolygonTool::release(const ToolEvent& event)
{
    if (!m_active)
        return {};
    drag(event);
    m_active = false;
    const std::vector<annotation::PlanePoint> polygon = std::move(m_points);
    m_points.clear();
    if (polygon.size() < 3)
        return {};
    annotation::PaintRule rule = m_context.rule;
    rule.erase = m_erase != m_secondary;
    return annotation::fillPolygon(*m_context.history, m_context.axis, m_context.slice, polygon, rule);
}

void PolygonTool::cancel()
{
    m_active = false;
    m_points.clear();
}

ToolPreview PolygonTool::preview() const
{
    return {m_points, false};
}

} // namespace delineate::ui
