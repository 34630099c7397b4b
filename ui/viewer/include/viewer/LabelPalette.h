#pragma once
// Display colours of label values, taken from a labels::LabelTable (colour, opacity as alpha, visibility).
// Values the table does not list get labels::defaultColour, the same colour a new label of that value
// would get, so a label map opened without a table still shows each structure in its own colour.

#include "image/LabelMap.h"
#include "labels/LabelTable.h"

#include <QColor>
#include <QHash>

namespace delineate::ui {

class LabelPalette {
public:
    using Value = image::LabelMap::Value;

    [[nodiscard]] static LabelPalette fromTable(const labels::LabelTable& table);

    // Alpha carries the label's own opacity (multiplied with the overlay opacity when drawn).
    [[nodiscard]] QColor color(Value value) const;
    void setColor(Value value, const QColor& color);
    // Hidden labels are neither filled nor outlined.
    [[nodiscard]] bool isVisible(Value value) const { return !m_hidden.contains(value); }
    void setVisible(Value value, bool visible);
    void clear();

    [[nodiscard]] static QColor generatedColor(Value value);

    friend bool operator==(const LabelPalette& a, const LabelPalette& b)
    {
        return a.m_colors == b.m_colors && a.m_hidden == b.m_hidden;
    }

private:
    QHash<Value, QColor> m_colors;
    QHash<Value, bool> m_hidden;
};

} // namespace delineate::ui
