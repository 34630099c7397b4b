#include "annotation/BrushTool.h"

#include <cmath>

namespace delineate::annotation {
namespace {

// Index axes (i, j, k) of the plane's x, y and normal.
std::array<int, 3> planeAxes(image::SliceAxis axis)
{
    switch (axis) {
    case image::SliceAxis::K:
        return {0, 1, 2};
    case image::SliceAxis::J:
        return {0, 2, 1};
    case image::SliceAxis::I:
        return {1, 2, 0};
    }
    return {0, 1, 2};
}

} // namespace

void BrushTool::press(image::SliceAxis axis, std::int64_t sliceIndex, double x, double y)
{
    if (m_active)
        release();
    m_axis = axis;
    m_slice = sliceIndex;
    m_active = m_history.begin(m_settings.rule.erase ? "Erase" : "Brush");
    if (!m_active)
        return;
    m_lastX = x;
    m_lastY = y;
    stamp(x, y);
}

void BrushTool::drag(double x, double y)
{
    if (!m_active)
        return;
    // Stamp along the segment so fast strokes leave no gaps (step: a quarter of the smallest radius).
    const auto axes = planeAxes(m_axis);
    const auto& spacing = m_history.labels().geometry().spacing;
    const double stepMm = std::max(0.25 * m_settings.radiusMm, 1e-3);
    const double dxMm = (x - m_lastX) * spacing[axes[0]];
    const double dyMm = (y - m_lastY) * spacing[axes[1]];
    const int steps = std::max(1, int(std::ceil(std::hypot(dxMm, dyMm) / stepMm)));
    for (int s = 1; s <= steps; ++s) {
        const double t = double(s) / steps;
        stamp(m_lastX + t * (x - m_lastX), m_lastY + t * (y - m_lastY));
    }
    m_lastX = x;
    m_lastY = y;
}

VoxelBox BrushTool::release()
{
    if (!m_active)
        return {};
    m_active = false;
    return m_history.end();
}

void BrushTool::stamp(double x, double y)
{
    image::LabelMap& labels = m_history.labels();
    const auto& geometry = labels.geometry();
    const auto axes = planeAxes(m_axis);
    const double radius = std::max(m_settings.radiusMm, 0.0);
    // Radius in voxels along each index axis (at least half a voxel so a click paints its voxel).
    std::array<double, 3> reach{};
    for (int a = 0; a < 3; ++a)
        reach[a] = std::max(radius / geometry.spacing[a], 0.5);
    std::array<double, 3> centre{};
    centre[axes[0]] = x;
    centre[axes[1]] = y;
    centre[axes[2]] = double(m_slice);
    if (!m_settings.sphere)
        reach[axes[2]] = 0.0;

    VoxelBox box;
    for (int a = 0; a < 3; ++a) {
        box.begin[a] = std::int64_t(std::ceil(centre[a] - reach[a] - 1e-9));
        box.end[a] = std::int64_t(std::floor(centre[a] + reach[a] + 1e-9)) + 1;
    }
    box = box.clippedTo(geometry.size);
    m_history.touch(box);
    for (std::int64_t k = box.begin[2]; k < box.end[2]; ++k)
        for (std::int64_t j = box.begin[1]; j < box.end[1]; ++j)
            for (std::int64_t i = box.begin[0]; i < box.end[0]; ++i) {
                const double index[3] = {double(i), double(j), double(k)};
                double distance = 0.0;
                for (int a = 0; a < 3; ++a) {
                    if (reach[a] == 0.0)
                        continue;
                    const double d = (index[a] - centre[a]) / reach[a];
                    distance += d * d;
                }
                if (distance <= 1.0 + 1e-9) {
                    auto& voxel = labels.at(i, j, k);
                    voxel = m_settings.rule.apply(voxel, std::int64_t(labels.offset(i, j, k)));
                }
            }
}

} // namespace delineate::annotation
