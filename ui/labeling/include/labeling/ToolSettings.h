#pragma once
// Parameters of the editing tools (brush radius in mm, 2D disc or 3D sphere, painting over other
// labels). Widgets bind to this object; tools read a snapshot of it at the start of each gesture.
// overwriteOtherLabels() is the one "Overwrite other labels" setting of every edit that writes a
// label: brush, polygon, SAM accept and propagation read it here (locked labels stay protected).

#include "annotation/BrushTool.h"

#include <QObject>

namespace delineate::ui {

class ToolSettings : public QObject {
    Q_OBJECT

public:
    static constexpr double kMinimumRadiusMm = 0.25;
    static constexpr double kMaximumRadiusMm = 100.0;

    explicit ToolSettings(QObject* parent = nullptr) : QObject(parent) {}

    [[nodiscard]] double brushRadiusMm() const { return m_radiusMm; }
    [[nodiscard]] bool sphere() const { return m_sphere; }
    [[nodiscard]] bool overwriteOtherLabels() const { return m_overwrite; }
    // Radius and shape for annotation::BrushTool (the paint rule comes from the label session).
    [[nodiscard]] annotation::BrushSettings brush() const;

    void setBrushRadiusMm(double radius); // clamped to [kMinimumRadiusMm, kMaximumRadiusMm]
    void setSphere(bool sphere);
    void setOverwriteOtherLabels(bool overwrite);

Q_SIGNALS:
    void changed();

private:
    double m_radiusMm = 3.0;
    bool m_sphere = false;
    bool m_overwrite = false;
};

} // namespace delineate::ui
