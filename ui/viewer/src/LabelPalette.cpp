#include "viewer/LabelPalette.h"

#include "labels/DefaultPalette.h"

namespace delineate::ui {

LabelPalette LabelPalette::fromTable(const labels::LabelTable& table)
{
    LabelPalette palette;
    for (const labels::LabelEntry& entry : table.entries()) {
        QColor colour(entry.colour.red, entry.colour.green, entry.colour.blue);
        colour.setAlphaF(float(entry.opacity));
        palette.setColor(entry.value, colour);
        palette.setVisible(entry.value, entry.visible);
    }
    return palette;
}

QColor LabelPalette::color(Value value) const
{
    const auto it = m_colors.constFind(value);
    return it != m_colors.constEnd() ? *it : generatedColor(value);
}

void LabelPalette::setColor(Value value, const QColor& color)
{
    m_colors.insert(value, color);
}

void LabelPalette::setVisible(Value value, bool visible)
{
    if (visible)
        m_hidden.remove(value);
    else
        m_hidden.insert(value, true);
}

void LabelPalette::clear()
{
    m_colors.clear();
    m_hidden.clear();
}

QColor LabelPalette::generatedColor(Value value)
{
    if (value == 0)
        return QColor(0, 0, 0, 0);
    const labels::Rgb rgb = labels::defaultColour(value);
    return QColor(rgb.red, rgb.green, rgb.blue);
}

} // namespace delineate::ui
