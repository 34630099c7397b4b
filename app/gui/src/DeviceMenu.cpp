#include "gui/DeviceMenu.h"

#include "sam/ComputeDevices.h"

#include <QActionGroup>
#include <QMenu>
#include <QSettings>

namespace delineate::app {

DeviceMenu::DeviceMenu(QObject* parent) : QObject(parent), m_group(new QActionGroup(this))
{
}

void DeviceMenu::addTo(QMenu* menu)
{
    m_menu = menu->addMenu(tr("&Device"));
    m_menu->setObjectName(QStringLiteral("deviceMenu"));
    m_menu->setToolTipsVisible(true);
    m_group->setExclusive(true);
    const sam::ComputeDevices devices = sam::computeDevices();
    addDevice({ui::SamDevice::Kind::Auto, 0}, tr("&Automatic"))
        ->setToolTip(tr("The first CUDA device when this build can use one, else the CPU"));
    addDevice({ui::SamDevice::Kind::Cpu, 0}, tr("&CPU (%n thread(s))", nullptr, devices.cpuCores));
    for (int index = 0; index < devices.cudaDevices; ++index) {
        QString name;
        for (const sam::GpuInfo& gpu : devices.driverGpus)
            if (gpu.index == index)
                name = QString::fromStdString(gpu.name);
        addDevice({ui::SamDevice::Kind::Cuda, index},
                  name.isEmpty() ? tr("CUDA %1").arg(index) : tr("CUDA %1: %2").arg(index).arg(name));
    }
    if (devices.cudaDevices == 0) {
        QAction* none = m_menu->addAction(devices.libtorchHasCuda ? tr("No CUDA device found")
                                                                  : tr("No CUDA in this build (CPU only)"));
        none->setEnabled(false);
    }
    const ui::SamDevice chosen = remembered();
    bool found = false;
    for (QAction* action : m_group->actions())
        if (ui::SamDevice::fromId(action->data().toString()) == chosen) {
            action->setChecked(true);
            found = true;
        }
    if (!found) // remembered from another machine: shown, not available here
        addDevice(chosen, tr("CUDA %1 (not available here)").arg(chosen.index))->setEnabled(false);
}

QAction* DeviceMenu::addDevice(const ui::SamDevice& device, const QString& text)
{
    QAction* action = m_menu->addAction(text);
    action->setCheckable(true);
    action->setData(device.id());
    action->setObjectName(QStringLiteral("device_") + device.id());
    m_group->addAction(action);
    connect(action, &QAction::triggered, this, [this, device] {
        QSettings().setValue(QLatin1String(kDeviceKey), device.id());
        Q_EMIT deviceChosen(device);
    });
    return action;
}

ui::SamDevice DeviceMenu::remembered()
{
    return ui::SamDevice::fromId(QSettings().value(QLatin1String(kDeviceKey)).toString());
}

QList<QAction*> DeviceMenu::actions() const
{
    return m_group->actions();
}

} // namespace delineate::app
