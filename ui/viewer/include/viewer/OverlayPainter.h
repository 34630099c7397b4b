#pragma once
// Draws what lies over the labels of a slice view: the SAM proposal (fill, dashed outline, prompt points
// and box) and the outline of the gesture a tool is drawing. Coordinates go through SliceViewTransform.

#include "tools/SliceTool.h"
#include "viewer/LabelContours.h"
#include "viewer/ProposalOverlay.h"
#include "viewer/SliceViewTransform.h"

#include <QImage>

class QPainter;

namespace delineate::ui {

class DisplaySettings;
class LabelPalette;

class OverlayPainter {
public:
    static const QColor& proposalColor();

    // The label overlay: the fill image and the outlines of visible labels, as `settings` asks.
    static void paintLabels(QPainter& painter, const SliceViewTransform& transform, const QImage& fill,
                            const LabelContours& contours, const LabelPalette& palette,
                            const DisplaySettings& settings);

    // Prepares the cached images of `proposal` (call when it changes).
    void setProposal(const ProposalOverlay& proposal);
    [[nodiscard]] const ProposalOverlay& proposal() const { return m_proposal; }

    // Draws the proposal when it lies on the shown slice.
    void paintProposal(QPainter& painter, const SliceViewTransform& transform) const;
    static void paintToolPreview(QPainter& painter, const SliceViewTransform& transform,
                                 const ToolPreview& preview);

private:
    ProposalOverlay m_proposal;
    QImage m_fill;
    LabelContours m_contours;
};

} // namespace delineate::ui
