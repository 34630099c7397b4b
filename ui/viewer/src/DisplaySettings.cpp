#include "DisplaySettings.h"

#include "WindowPreset.h"

#include <algorithm>
#include <cmath>

namespace delineate::ui {

DisplaySettings::DisplaySettings(QObject* parent)
    : QObject(parent), m_presetId(QString::fromLatin1(WindowPreset::kAutoId))
{
}

void DisplaySettings::setWindowAndPreset(const image::Window& window, const QString& presetId)
{
    image::Window clean = window;
    if (!std::isfinite(clean.center))
        clean.center = m_window.center;
    if (!std::isfinite(clean.width) || clean.width <= 0.0)
        clean.width = 1e-6;
    const bool windowDiffers = clean.center != m_window.center || clean.width != m_window.width;
    const bool presetDiffers = presetId != m_presetId;
    m_window = clean;
    m_presetId = presetId;
    if (windowDiffers)
        Q_EMIT windowChanged();
    if (presetDiffers)
        Q_EMIT presetChanged(m_presetId);
}

void DisplaySettings::setWindow(const image::Window& window)
{
    setWindowAndPreset(window, QString::fromLatin1(WindowPreset::kCustomId));
}

bool DisplaySettings::applyPreset(const QString& presetId, const image::Volume& volume)
{
    const std::optional<WindowPreset> preset = WindowPreset::byId(presetId);
    if (!preset)
        return false;
    setWindowAndPreset(preset->window(volume), preset->id);
    return true;
}

void DisplaySettings::resetFor(const image::Volume& volume)
{
    applyPreset(WindowPreset::defaultId(volume), volume);
}

void DisplaySettings::setLabelsVisible(bool visible)
{
    if (visible == m_labelsVisible)
        return;
    m_labelsVisible = visible;
    Q_EMIT overlayChanged();
}

void DisplaySettings::setFillOpacity(double opacity)
{
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (opacity == m_fillOpacity)
        return;
    m_fillOpacity = opacity;
    Q_EMIT overlayChanged();
}

void DisplaySettings::setOutlineVisible(bool visible)
{
    if (visible == m_outlineVisible)
        return;
    m_outlineVisible = visible;
    Q_EMIT overlayChanged();
}

void DisplaySettings::setOutlineWidth(double pixels)
{
    pixels = std::clamp(pixels, 0.5, 8.0);
    if (pixels == m_outlineWidth)
        return;
    m_outlineWidth = pixels;
    Q_EMIT overlayChanged();
}

void DisplaySettings::setSmoothing(bool smoothing)
{
    if (smoothing == m_smoothing)
        return;
    m_smoothing = smoothing;
    Q_EMIT smoothingChanged();
}

} // namespace delineate::ui
