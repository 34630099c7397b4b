#include "labeling/ToolSettings.h"

#include <algorithm>

namespace delineate::ui {

annotation::BrushSettings ToolSettings::brush() const
{
    annotation::BrushSettings settings;
    settings.radiusMm = m_radiusMm;
    settings.sphere = m_sphere;
    return settings;
}

void ToolSettings::setBrushRadiusMm(double radius)
{
    radius = std::clamp(radius, kMinimumRadiusMm, kMaximumRadiusMm);
    if (radius == m_radiusMm)
        return;
    m_radiusMm = radius;
    Q_EMIT changed();
}

void ToolSettings::setSphere(bool sphere)
{
    if (sphere == m_sphere)
        return;
    m_sphere = sphere;
    Q_EMIT changed();
}

void ToolSettings::setOverwriteOtherLabels(bool overwrite)
{
    if (overwrite == m_overwrite)
        return;
    m_overwrite = overwrite;
    Q_EMIT changed();
}

} // namespace delineate::ui
