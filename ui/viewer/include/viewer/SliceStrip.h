#pragma once
// A narrow strip beside the slice slider with one cell per slice of the shown plane (slice 0 at the
// bottom, as the vertical slider), coloured by what the active label holds there:
//   Empty          no voxel of the label (dark)
//   Labelled       labelled, not reviewed, no doubt recorded (grey)
//   Suggested      a SAM proposal waits for acceptance there (blue)
//   LowConfidence  labelled or proposed with SAM's confidence below the threshold (orange)
//   Reviewed       marked reviewed (green)
// The shown slice has a white mark, the [ ] range of the plane a bracket. The tooltip of a cell is the
// provider's text (the slice's provenance); a click shows that slice. The presenter fills the marks.
// Stale (setStale): the confidences behind the marks come from a model no longer loaded and are being
// recomputed; labelled, suggested and low-confidence cells are drawn hatched until then.

#include <QWidget>

#include <cstdint>
#include <functional>
#include <vector>

namespace delineate::ui {

enum class SliceMark : std::uint8_t { Empty, Labelled, Suggested, LowConfidence, Reviewed };

class SliceStrip : public QWidget {
    Q_OBJECT

public:
    explicit SliceStrip(QWidget* parent = nullptr);

    void setMarks(std::vector<SliceMark> marks);
    [[nodiscard]] const std::vector<SliceMark>& marks() const { return m_marks; }
    void setCurrent(qint64 slice);
    // The marked range (-1: not set).
    void setRange(std::int64_t first, std::int64_t last);
    void setStale(bool stale);
    [[nodiscard]] bool isStale() const { return m_stale; }
    void setToolTipProvider(std::function<QString(std::int64_t slice)> provider)
    {
        m_toolTip = std::move(provider);
    }

    // The slice under widget row `y` (-1 outside), and the row range of a slice's cell.
    [[nodiscard]] std::int64_t sliceAt(int y) const;
    [[nodiscard]] int centreOf(std::int64_t slice) const;
    [[nodiscard]] QString toolTipFor(std::int64_t slice) const
    {
        return m_toolTip ? m_toolTip(slice) : QString();
    }
    [[nodiscard]] static QColor colour(SliceMark mark);

    [[nodiscard]] QSize sizeHint() const override { return {14, 200}; }
    [[nodiscard]] QSize minimumSizeHint() const override { return {14, 40}; }

Q_SIGNALS:
    void sliceClicked(qint64 slice);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    std::vector<SliceMark> m_marks;
    std::int64_t m_current = -1;
    bool m_stale = false;
    std::int64_t m_first = -1;
    std::int64_t m_last = -1;
    std::function<QString(std::int64_t)> m_toolTip;
};

} // namespace delineate::ui
