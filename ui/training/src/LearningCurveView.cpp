#include "training/LearningCurveView.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace delineate::ui {
namespace {

const QColor kColours[3] = {QColor(230, 25, 75), QColor(0, 130, 200), QColor(60, 180, 75)};

} // namespace

LearningCurveView::LearningCurveView(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(170);
    setToolTip(tr("Held-out Dice against the number of reviewed slices, per retrain (v1, v2, \u2026).\n"
                  "Solid: the retrained model; dashed: the base model."));
}

void LearningCurveView::setPoints(std::vector<CurvePoint> points)
{
    m_points = std::move(points);
    update();
}

void LearningCurveView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const QFontMetrics metrics(font());
    const int left = metrics.horizontalAdvance(QStringLiteral("0.00")) + 10;
    const int bottom = metrics.height() * 2 + 6;
    const QRectF plot(left, metrics.height() + 6, width() - left - 12,
                      height() - bottom - metrics.height() - 6);
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(plot);
    p.setPen(palette().color(QPalette::Text));
    for (int tick = 0; tick <= 4; ++tick) {
        const double y = plot.bottom() - plot.height() * tick / 4.0;
        p.drawText(QRectF(0, y - metrics.height() / 2.0, left - 4, metrics.height()),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(tick / 4.0, 'f', 2));
    }
    p.drawText(QRectF(plot.left(), plot.bottom() + metrics.height() + 4, plot.width(), metrics.height()),
               Qt::AlignHCenter, tr("reviewed slices"));
    if (m_points.empty()) {
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No retrain yet: the learning curve appears here."));
        return;
    }
    int maxSlices = 1;
    for (const CurvePoint& point : m_points)
        maxSlices = std::max(maxSlices, point.reviewedSlices);
    auto at = [&](int slices, double dice) {
        return QPointF(plot.left() + plot.width() * slices / (maxSlices * 1.1),
                       plot.bottom() - plot.height() * std::clamp(dice, 0.0, 1.0));
    };
    for (int tick = 0; tick <= maxSlices; tick += std::max(1, maxSlices / 5))
        p.drawText(QRectF(at(tick, 0).x() - 20, plot.bottom() + 2, 40, metrics.height()), Qt::AlignHCenter,
                   QString::number(tick));
    const QString names[3] = {tr("prompt-free"), tr("box"), tr("point")};
    double legendX = plot.left();
    for (int kind = 0; kind < 3; ++kind) {
        QPainterPath path;
        bool started = false;
        p.setPen(QPen(kColours[kind], 2));
        for (const CurvePoint& point : m_points) {
            if (!std::isfinite(point.dice[kind]))
                continue;
            const QPointF xy = at(point.reviewedSlices, point.dice[kind]);
            started ? path.lineTo(xy) : path.moveTo(xy);
            started = true;
            p.setBrush(kColours[kind]);
            p.drawEllipse(xy, 3, 3);
            if (kind == 0)
                p.drawText(xy + QPointF(4, -4), point.version);
        }
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        const double base = m_points.back().baseDice[kind];
        if (std::isfinite(base)) {
            p.setPen(QPen(kColours[kind], 1, Qt::DashLine));
            p.drawLine(QPointF(plot.left(), at(0, base).y()), QPointF(plot.right(), at(0, base).y()));
        }
        if (started || std::isfinite(base)) {
            p.setPen(kColours[kind]);
            p.drawText(QPointF(legendX, metrics.ascent() + 2), names[kind]);
            legendX += metrics.horizontalAdvance(names[kind]) + 14;
        }
    }
}

} // namespace delineate::ui
