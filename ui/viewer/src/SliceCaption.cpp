#include "SliceCaption.h"

#include <QPainter>

#include <cmath>

namespace delineate::ui {
namespace {

// Patient direction letter of an LPS vector (its dominant component).
QChar orientationLetter(const image::Vec3& direction)
{
    int dominant = 0;
    for (int a = 1; a < 3; ++a)
        if (std::abs(direction[a]) > std::abs(direction[dominant]))
            dominant = a;
    static const char positive[] = {'L', 'P', 'S'};
    static const char negative[] = {'R', 'A', 'I'};
    return QLatin1Char(direction[dominant] >= 0 ? positive[dominant] : negative[dominant]);
}

image::Vec3 negated(const image::Vec3& v)
{
    return {-v[0], -v[1], -v[2]};
}

} // namespace

void SliceCaption::paint(QPainter& painter, const QRect& area, const SliceViewTransform& transform,
                         const Content& content)
{
    painter.save();
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(QColor(255, 220, 80));
    if (!transform.indexOrder()) {
        const image::Vec3 right = transform.screenRightDirection();
        const image::Vec3 down = transform.screenDownDirection();
        painter.drawText(area, Qt::AlignLeft | Qt::AlignVCenter, orientationLetter(negated(right)));
        painter.drawText(area, Qt::AlignRight | Qt::AlignVCenter, orientationLetter(right));
        painter.drawText(area, Qt::AlignTop | Qt::AlignHCenter, orientationLetter(negated(down)));
        painter.drawText(area, Qt::AlignBottom | Qt::AlignHCenter, orientationLetter(down));
    }
    font.setBold(false);
    painter.setFont(font);
    painter.setPen(QColor(230, 230, 230));
    QString position = content.cine ? tr("Frame %1 / %2").arg(content.slice + 1).arg(content.count)
                                    : tr("Slice %1 / %2").arg(content.slice + 1).arg(content.count);
    if (content.reviewed) {
        position += tr("  \u2714 reviewed");
        painter.setPen(QColor(120, 235, 120));
    }
    if (content.missing) {
        position += tr("  missing: no image in the series");
        painter.setPen(QColor(255, 170, 60));
    }
    painter.drawText(area, Qt::AlignLeft | Qt::AlignTop, position);
    painter.setPen(QColor(230, 230, 230));
    painter.drawText(
        area, Qt::AlignLeft | Qt::AlignBottom,
        tr("W %1  L %2").arg(content.window.width, 0, 'g', 4).arg(content.window.center, 0, 'g', 4));
    painter.restore();
}

} // namespace delineate::ui
