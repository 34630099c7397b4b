#include "gui/ElidingLabel.h"

#include <QFontMetrics>

#include <algorithm>

namespace delineate::app {
namespace {

constexpr int kMinimumCharacters = 6;

} // namespace

ElidingLabel::ElidingLabel(int maximumCharacters, QWidget* parent) : QLabel(parent)
{
    setMaximumWidth(fontMetrics().averageCharWidth() * maximumCharacters);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

QSize ElidingLabel::sizeHint() const
{
    const int margins = contentsMargins().left() + contentsMargins().right() + 2 * margin();
    return {std::min(fontMetrics().horizontalAdvance(m_fullText) + margins + 2, maximumWidth()),
            QLabel::sizeHint().height()};
}

QSize ElidingLabel::minimumSizeHint() const
{
    return {std::min(fontMetrics().averageCharWidth() * kMinimumCharacters, maximumWidth()),
            QLabel::minimumSizeHint().height()};
}

void ElidingLabel::setFullText(const QString& text, const QString& toolTip)
{
    m_fullText = text;
    setToolTip(toolTip.isEmpty() ? text : toolTip);
    updateGeometry();
    elide();
}

void ElidingLabel::resizeEvent(QResizeEvent* event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidingLabel::elide()
{
    const QString shown = fontMetrics().elidedText(m_fullText, Qt::ElideRight, contentsRect().width());
    if (shown != text())
        setText(shown);
}

} // namespace delineate::app
