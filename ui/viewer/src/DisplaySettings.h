#pragma once
// What a slice view shows and how: the intensity window and the label overlay style. Widgets read and
// write these parameters here, never keep their own copy; several views may share one object.

#include "image/Intensity.h"
#include "image/Volume.h"

#include <QObject>
#include <QString>

namespace delineate::ui {

class DisplaySettings : public QObject {
    Q_OBJECT

public:
    explicit DisplaySettings(QObject* parent = nullptr);

    [[nodiscard]] image::Window window() const { return m_window; }
    // The preset the window came from (WindowPreset ids), or WindowPreset::kCustomId.
    [[nodiscard]] QString presetId() const { return m_presetId; }
    // Sets a window by hand (e.g. a drag); the preset becomes "custom". Width is kept positive.
    void setWindow(const image::Window& window);
    // Applies a WindowPreset to `volume`; unknown ids are ignored (returns false).
    bool applyPreset(const QString& presetId, const image::Volume& volume);
    // Sensible start for a newly opened volume (WindowPreset::defaultId).
    void resetFor(const image::Volume& volume);

    [[nodiscard]] bool labelsVisible() const { return m_labelsVisible; }
    [[nodiscard]] double fillOpacity() const { return m_fillOpacity; } // 0..1
    [[nodiscard]] bool outlineVisible() const { return m_outlineVisible; }
    [[nodiscard]] double outlineWidth() const { return m_outlineWidth; } // screen pixels
    void setLabelsVisible(bool visible);
    void setFillOpacity(double opacity);
    void setOutlineVisible(bool visible);
    void setOutlineWidth(double pixels);

    // Nearest-neighbour (false) shows voxels as they are; smoothing is for presentation only.
    [[nodiscard]] bool smoothing() const { return m_smoothing; }
    void setSmoothing(bool smoothing);

Q_SIGNALS:
    void windowChanged();
    void presetChanged(const QString& presetId);
    void overlayChanged();
    void smoothingChanged();

private:
    void setWindowAndPreset(const image::Window& window, const QString& presetId);

    image::Window m_window{0.5, 1.0};
    QString m_presetId;
    bool m_labelsVisible = true;
    double m_fillOpacity = 0.35;
    bool m_outlineVisible = true;
    double m_outlineWidth = 1.5;
    bool m_smoothing = false;
};

} // namespace delineate::ui
