#include "gui/VerticalScrollArea.h"

#include <QEvent>
#include <QScrollBar>

namespace delineate::app {

VerticalScrollArea::VerticalScrollArea(QWidget* content, QWidget* parent) : QScrollArea(parent)
{
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setWidget(content);
    content->installEventFilter(this);
}

QSize VerticalScrollArea::minimumSizeHint() const
{
    QSize size = QScrollArea::minimumSizeHint();
    if (const QWidget* content = widget()) {
        const int contentWidth = qMax(content->minimumWidth(), content->minimumSizeHint().width());
        size.setWidth(
            qMax(size.width(), contentWidth + verticalScrollBar()->sizeHint().width() + 2 * frameWidth()));
    }
    return size;
}

bool VerticalScrollArea::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == widget() && event->type() == QEvent::LayoutRequest)
        updateGeometry(); // the content's minimum width may have changed
    return QScrollArea::eventFilter(watched, event);
}

} // namespace delineate::app
