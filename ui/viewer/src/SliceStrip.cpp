#include "viewer/SliceStrip.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace delineate::ui {

SliceStrip::SliceStrip(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void SliceStrip::setMarks(std::vector<SliceMark> marks)
{
    m_marks = std::move(marks);
    update();
}

void SliceStrip::setCurrent(qint64 slice)
{
    m_current = slice;
    update();
}

void SliceStrip::setRange(std::int64_t first, std::int64_t last)
{
    m_first = first;
    m_last = last;
    update();
}

QColor SliceStrip::colour(SliceMark mark)
{
    switch (mark) {
    case SliceMark::Empty:
        return QColor(0x2b, 0x2b, 0x2b);
    case SliceMark::Labelled:
        return QColor(0x9a, 0x9a, 0x9a);
    case SliceMark::Suggested:
        return QColor(0x3b, 0x82, 0xf6);
    case SliceMark::LowConfidence:
        return QColor(0xf5, 0x8e, 0x0b);
    case SliceMark::Reviewed:
        return QColor(0x22, 0xa5, 0x4a);
    }
    return Qt::black;
}

std::int64_t SliceStrip::sliceAt(int y) const
{
    const auto count = std::int64_t(m_marks.size());
    if (count == 0 || y < 0 || y >= height())
        return -1;
    const double fromBottom = double(height() - 1 - y) / double(height());
    return std::clamp<std::int64_t>(std::int64_t(fromBottom * double(count)), 0, count - 1);
}

int SliceStrip::centreOf(std::int64_t slice) const
{
    const auto count = double(std::max<std::size_t>(1, m_marks.size()));
    return height() - 1 - int(std::floor((double(slice) + 0.5) / count * double(height())));
}

void SliceStrip::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), colour(SliceMark::Empty));
    const auto count = double(m_marks.size());
    if (count == 0)
        return;
    auto top = [&](double slice) { return double(height()) - slice / count * double(height()); };
    for (std::size_t k = 0; k < m_marks.size(); ++k) {
        if (m_marks[k] == SliceMark::Empty)
            continue;
        const double y0 = top(double(k) + 1.0);
        const double y1 = top(double(k));
        const QRectF cell(2.0, y0, width() - 4.0, std::max(1.0, y1 - y0));
        painter.fillRect(cell, colour(m_marks[k]));
        if (m_stale && m_marks[k] != SliceMark::Reviewed)
            painter.fillRect(cell, QBrush(QColor(0x20, 0x20, 0x20), Qt::BDiagPattern));
    }
    painter.setPen(QPen(QColor(0xe0, 0xe0, 0xe0), 1));
    for (const std::int64_t mark : {m_first, m_last})
        if (mark >= 0) {
            const double y = top(double(mark) + (mark == m_last ? 1.0 : 0.0));
            painter.drawLine(QPointF(0, y), QPointF(width(), y));
        }
    if (m_current >= 0) {
        painter.setPen(QPen(Qt::white, 2));
        const double y = (top(double(m_current)) + top(double(m_current) + 1.0)) / 2.0;
        painter.drawLine(QPointF(0, y), QPointF(4, y));
        painter.drawLine(QPointF(width() - 4, y), QPointF(width(), y));
    }
}

void SliceStrip::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    update();
}

void SliceStrip::mousePressEvent(QMouseEvent* event)
{
    if (const std::int64_t slice = sliceAt(int(event->position().y())); slice >= 0)
        Q_EMIT sliceClicked(slice);
}

bool SliceStrip::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const std::int64_t slice = sliceAt(help->pos().y());
        const QString text = slice >= 0 ? toolTipFor(slice) : QString();
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace delineate::ui
