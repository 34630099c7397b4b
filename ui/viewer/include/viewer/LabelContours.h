#pragma once
// Outlines of the labels in one slice, as segments along voxel edges in slice image coordinates
// (SliceRaster's frame: pixel (u, v) covers [u, u+1) × [v, v+1)). Drawn with a cosmetic pen through the
// view transform they stay crisp, one screen line wide, at every zoom.

#include "image/LabelMap.h"
#include "image/Slice.h"

#include <QLineF>
#include <QList>

#include <vector>

namespace delineate::ui {

class LabelContours {
public:
    using Value = image::LabelMap::Value;

    struct Outline {
        Value label = 0;
        QList<QLineF> segments; // collinear neighbours merged
    };

    // Every edge between a label and anything else (another label, background, the slice border).
    [[nodiscard]] static LabelContours trace(const image::Image2D<Value>& labels);

    [[nodiscard]] const std::vector<Outline>& outlines() const { return m_outlines; } // sorted by label
    [[nodiscard]] bool empty() const { return m_outlines.empty(); }
    [[nodiscard]] qsizetype segmentCount() const;

private:
    QList<QLineF>& segmentsOf(Value label);

    std::vector<Outline> m_outlines;
};

} // namespace delineate::ui
