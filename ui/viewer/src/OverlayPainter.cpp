#include "viewer/OverlayPainter.h"

#include "DisplaySettings.h"
#include "viewer/LabelPalette.h"

#include <QPainter>
#include <QPolygonF>

namespace delineate::ui {
namespace {

QTransform toQTransform(const Affine2D& a)
{
    return QTransform(a.xx, a.yx, a.xy, a.yy, a.tx, a.ty);
}

QPointF toScreen(const SliceViewTransform& transform, double x, double y)
{
    const ScreenPoint p = transform.slicePixelToScreen(x, y);
    return {p.x, p.y};
}

} // namespace

const QColor& OverlayPainter::proposalColor()
{
    static const QColor color(0, 230, 255);
    return color;
}

void OverlayPainter::paintLabels(QPainter& painter, const SliceViewTransform& transform, const QImage& fill,
                                 const LabelContours& contours, const LabelPalette& palette,
                                 const DisplaySettings& settings)
{
    painter.save();
    painter.setTransform(toQTransform(transform.sliceImageToScreen()));
    if (settings.fillOpacity() > 0.0)
        painter.drawImage(QPointF(0, 0), fill);
    if (settings.outlineVisible()) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        for (const LabelContours::Outline& outline : contours.outlines()) {
            if (!palette.isVisible(outline.label))
                continue;
            QPen pen(palette.color(outline.label), settings.outlineWidth());
            pen.setCosmetic(true); // width in screen pixels, whatever the zoom
            pen.setCapStyle(Qt::SquareCap);
            painter.setPen(pen);
            painter.drawLines(outline.segments);
        }
    }
    painter.restore();
}

void OverlayPainter::setProposal(const ProposalOverlay& proposal)
{
    m_proposal = proposal;
    m_fill = {};
    m_contours = {};
    const auto& mask = proposal.mask;
    if (mask.pixels.empty())
        return;
    m_fill = QImage(mask.width, mask.height, QImage::Format_ARGB32_Premultiplied);
    const QRgb inside = qPremultiply(qRgba(0, 230, 255, 90));
    image::Image2D<image::LabelMap::Value> asLabels{mask.width, mask.height, 1, {}};
    asLabels.pixels.assign(mask.pixels.begin(), mask.pixels.end());
    for (int y = 0; y < mask.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(m_fill.scanLine(y));
        for (int x = 0; x < mask.width; ++x)
            line[x] = mask.at(x, y) ? inside : 0;
    }
    m_contours = LabelContours::trace(asLabels);
}

void OverlayPainter::paintProposal(QPainter& painter, const SliceViewTransform& transform) const
{
    if (m_proposal.empty() || m_proposal.axis != transform.normalAxis() ||
        m_proposal.slice != transform.sliceIndex())
        return;
    painter.save();
    painter.setTransform(toQTransform(transform.sliceImageToScreen()));
    if (!m_fill.isNull())
        painter.drawImage(QPointF(0, 0), m_fill);
    QPen outline(proposalColor(), 2.0, Qt::DashLine);
    outline.setCosmetic(true);
    painter.setPen(outline);
    for (const LabelContours::Outline& o : m_contours.outlines())
        painter.drawLines(o.segments);
    painter.resetTransform();
    painter.setRenderHint(QPainter::Antialiasing, true);
    if (m_proposal.box) {
        const auto& b = *m_proposal.box;
        QPen pen(proposalColor(), 1.5);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawPolygon(QPolygonF({toScreen(transform, b.x0, b.y0), toScreen(transform, b.x1, b.y0),
                                       toScreen(transform, b.x1, b.y1), toScreen(transform, b.x0, b.y1)}));
    }
    for (const ProposalOverlay::Point& point : m_proposal.points) {
        painter.setPen(QPen(Qt::black, 1.0));
        painter.setBrush(point.positive ? QColor(40, 220, 60) : QColor(235, 50, 50));
        painter.drawEllipse(toScreen(transform, point.x, point.y), 5.0, 5.0);
    }
    painter.restore();
}

void OverlayPainter::paintToolPreview(QPainter& painter, const SliceViewTransform& transform,
                                      const ToolPreview& preview)
{
    if (preview.points.size() < 2)
        return;
    QPolygonF polygon;
    for (const auto& [x, y] : preview.points)
        polygon << toScreen(transform, x, y);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(QColor(255, 230, 0), 1.5, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    if (preview.closed)
        painter.drawPolygon(polygon);
    else
        painter.drawPolyline(polygon);
    painter.restore();
}

} // namespace delineate::ui
