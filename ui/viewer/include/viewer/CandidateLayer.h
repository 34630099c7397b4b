#pragma once
// Candidate masks of one slice shown over a SliceView ("segment everything"): each candidate's outline
// in a colour of its own, the one under the cursor highlighted (filled, thicker outline); a left click
// on a candidate picks it (candidatePicked) instead of reaching the view's tool. Clicks elsewhere, the
// wheel, keys and the right button go to the view as usual.
//
// Frames: masks are slice-plane pixels of the view's plane (image/Slice.h: x = column, y = row, pixel
// (x, y) centred at integer (x, y)), all of one width x height; drawn through the view's
// SliceViewTransform, so they follow zoom and pan. Shown only while the view shows their slice.
// Where candidates overlap, the smallest one containing the cursor is the one hovered and picked.
//
// A child widget of the view, transparent for the mouse; it watches the view's events through an event
// filter. GUI thread only.

#include "image/Slice.h"
#include "viewer/LabelContours.h"

#include <QColor>
#include <QImage>
#include <QWidget>

#include <cstdint>
#include <vector>

namespace delineate::ui {

class SliceView;

class CandidateLayer : public QWidget {
    Q_OBJECT

public:
    explicit CandidateLayer(SliceView* view);

    // Shows `masks` (1 inside) on slice `slice` of plane `axis`; replaces any shown before.
    void setCandidates(image::SliceAxis axis, std::int64_t slice,
                       std::vector<image::Image2D<std::uint8_t>> masks);
    // Removes candidate `index` (the others keep their indices shifted down by one, and their colours).
    void removeCandidate(int index);
    void clear();

    [[nodiscard]] int count() const { return int(m_candidates.size()); }
    [[nodiscard]] bool isEmpty() const { return m_candidates.empty(); }
    [[nodiscard]] image::SliceAxis axis() const { return m_axis; }
    [[nodiscard]] std::int64_t slice() const { return m_slice; }
    [[nodiscard]] const image::Image2D<std::uint8_t>& mask(int index) const
    {
        return m_candidates[std::size_t(index)].mask;
    }
    [[nodiscard]] QColor colour(int index) const { return m_candidates[std::size_t(index)].colour; }
    // The candidate under the cursor (-1: none).
    [[nodiscard]] int hovered() const { return m_hovered; }
    // The candidate at slice-plane pixel (x, y) of the shown slice (-1: none, or not their slice).
    [[nodiscard]] int candidateAt(double x, double y) const;
    // The candidate under widget position `position` of the view (logical pixels, as in mouse events).
    [[nodiscard]] int candidateAtScreen(QPointF position) const;
    // Distinct colours, candidate after candidate (golden-ratio hue steps).
    [[nodiscard]] static QColor colourFor(int index);

Q_SIGNALS:
    void candidatePicked(int index);
    void hoveredChanged(int index);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    struct Candidate {
        image::Image2D<std::uint8_t> mask;
        LabelContours contours;
        QImage fill; // drawn while hovered
        QColor colour;
        std::int64_t area = 0;
    };

    [[nodiscard]] bool onShownSlice() const;
    void setHovered(int index);

    SliceView* m_view;
    image::SliceAxis m_axis = image::SliceAxis::K;
    std::int64_t m_slice = -1;
    std::vector<Candidate> m_candidates;
    int m_hovered = -1;
};

} // namespace delineate::ui
