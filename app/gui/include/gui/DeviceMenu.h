#pragma once
// Model > Device: Automatic, CPU, and one entry per CUDA device this build's LibTorch can use — the same
// source as `delineate-cli info --devices` (sam::computeDevices). The choice is remembered in QSettings
// (kDeviceKey, SamDevice::id()); a device remembered from another machine that is not here now shows
// as chosen but disabled, and the model runs where Auto would.

#include "inference/SamDevice.h"

#include <QObject>

#include <vector>

class QAction;
class QActionGroup;
class QMenu;

namespace delineate::app {

class DeviceMenu : public QObject {
    Q_OBJECT

public:
    static constexpr const char* kDeviceKey = "sam/device";

    explicit DeviceMenu(QObject* parent = nullptr);

    // Adds the submenu to `menu` (once).
    void addTo(QMenu* menu);
    // The remembered choice.
    [[nodiscard]] static ui::SamDevice remembered();
    [[nodiscard]] QMenu* menu() const { return m_menu; }
    [[nodiscard]] QList<QAction*> actions() const;

Q_SIGNALS:
    void deviceChosen(const delineate::ui::SamDevice& device);

private:
    QAction* addDevice(const ui::SamDevice& device, const QString& text);

    QMenu* m_menu = nullptr;
    QActionGroup* m_group;
};

} // namespace delineate::app
