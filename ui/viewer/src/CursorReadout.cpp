#include "viewer/CursorReadout.h"

#include <QStringList>

#include <cmath>

namespace delineate::ui {
namespace {

QString number(double value)
{
    // Integers stay integers (most medical data), everything else gets 4 significant digits.
    if (value == static_cast<double>(static_cast<long long>(value)) && std::abs(value) < 1e9)
        return QString::number(static_cast<long long>(value));
    return QString::number(value, 'g', 4);
}

} // namespace

QString CursorReadout::text() const
{
    if (!inside)
        return {};
    const QString voxelText =
        temporal ? tr("Pixel (%1, %2)  Frame %3").arg(voxel[0]).arg(voxel[1]).arg(voxel[2] + 1)
                 : tr("Voxel (%1, %2, %3)").arg(voxel[0]).arg(voxel[1]).arg(voxel[2]);
    QString positionText;
    if (physical)
        positionText = tr("LPS (%1, %2, %3) mm")
                           .arg(position[0], 0, 'f', 1)
                           .arg(position[1], 0, 'f', 1)
                           .arg(position[2], 0, 'f', 1);
    QString valueText;
    if (components == 3)
        valueText = tr("RGB (%1, %2, %3)").arg(number(value[0]), number(value[1]), number(value[2]));
    else
        valueText = tr("Value %1").arg(number(value[0]));
    QStringList parts{voxelText};
    if (!positionText.isEmpty())
        parts << positionText;
    parts << valueText;
    if (label)
        parts << tr("Label %1").arg(*label);
    return parts.join(QStringLiteral("   "));
}

} // namespace delineate::ui
