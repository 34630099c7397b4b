#pragma once
// A slice of a Volume with its label overlay, in radiological orientation at its physical aspect ratio.
//
// Mouse and keys:
//   left button                                 the active tool (SliceTool); pans with the navigate tool
//   right button                                the tool's secondary action when it has one (negative SAM
//                                               point, polygon erase), else window/level: right = wider
//                                               window, down = higher level
//   middle drag, Space + left drag              pan
//   wheel, Up/Down, PageUp/PageDown, Home/End   previous/next slice (frame for cine)
//   Ctrl+wheel, +/-                             zoom at the cursor / at the centre
//   Esc during a gesture                        cancels it
//   double click, R                             fit the slice to the view
// The screen ↔ voxel mapping is SliceViewTransform's alone; this widget only feeds it events and draws
// through its sliceImageToScreen().

#include "image/Intensity.h"
#include "image/LabelMap.h"
#include "image/Slice.h"
#include "image/Volume.h"
#include "viewer/CursorReadout.h"
#include "viewer/LabelContours.h"
#include "viewer/LabelPalette.h"
#include "viewer/OverlayPainter.h"
#include "viewer/ProposalOverlay.h"
#include "viewer/SliceViewTransform.h"
#include "viewer/ViewPlane.h"

#include <QImage>
#include <QPointF>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace delineate::ui {

class DisplaySettings;

class SliceView : public QWidget {
    Q_OBJECT

public:
    explicit SliceView(QWidget* parent = nullptr);
    ~SliceView() override;

    // Shared display parameters (not owned). Without one the view uses a private default.
    void setDisplaySettings(DisplaySettings* settings);
    [[nodiscard]] DisplaySettings* displaySettings() const;

    // Shows `volume` (nullptr clears the view) at its middle slice, fitted. Cine (FrameKind::Temporal)
    // volumes are shown frame by frame in index order; single-slice images in the plane of their slice.
    // Drops the label map. The window comes from DisplaySettings (see DisplaySettings::resetFor).
    void setVolume(std::shared_ptr<const image::Volume> volume);
    [[nodiscard]] const std::shared_ptr<const image::Volume>& volume() const { return m_volume; }
    // Overlays `labels` (nullptr removes it). Refused (false) unless it lies on the volume's grid.
    bool setLabels(std::shared_ptr<const image::LabelMap> labels);
    [[nodiscard]] const std::shared_ptr<const image::LabelMap>& labels() const { return m_labels; }
    // The label map's voxels changed (an edit): re-reads the shown slice.
    void labelsModified();
    // Only `region` changed: nothing is re-read unless it crosses the shown slice.
    void labelsModified(const annotation::VoxelBox& region);
    void setLabelPalette(const LabelPalette& palette);

    // The active tool (not owned; nullptr = navigate). The provider gives each gesture its label
    // history, paint rule and brush; the view fills in the plane and slice.
    void setTool(SliceTool* tool);
    [[nodiscard]] SliceTool* tool() const { return m_tool; }
    void setToolContextProvider(std::function<ToolContext()> provider);
    [[nodiscard]] bool gestureActive() const { return m_drag == Drag::Tool; }
    // The brush outline drawn under the cursor while an editing tool is active: a disc of `radiusMm`
    // (voxel spacing units; pixels for images without physical spacing) as the brush paints it, at least
    // half a voxel. 0 hides it.
    void setBrushOutline(double radiusMm);
    [[nodiscard]] double brushOutline() const { return m_brushRadiusMm; }
    // The outline's points in slice-plane pixels around the cursor (empty when none is drawn).
    [[nodiscard]] ToolPreview brushOutlineAtCursor() const;

    // The SAM proposal layer (an empty overlay removes it).
    void setProposal(const ProposalOverlay& proposal);
    [[nodiscard]] const ProposalOverlay& proposal() const { return m_overlay.proposal(); }
    // Crosshair lines through voxel index `point` (continuous; its normal component is ignored), drawn
    // over the slice; nothing removes them.
    void setCrosshair(std::optional<image::Vec3> point);
    [[nodiscard]] const std::optional<image::Vec3>& crosshair() const { return m_crosshair; }
    // Locator views (the side views of the three-view layout): a left click or drag on the image picks a
    // point (pointPicked) instead of running a tool or panning; wheel, zoom and window work as usual.
    void setLocator(bool locator);
    [[nodiscard]] bool isLocator() const { return m_locator; }
    // Marks the shown slice as reviewed in its caption.
    void setSliceReviewed(bool reviewed);
    [[nodiscard]] const LabelPalette& labelPalette() const { return m_palette; }

    [[nodiscard]] const SliceViewTransform& viewTransform() const { return m_transform; }
    [[nodiscard]] ViewPlane plane() const { return m_transform.plane(); }
    [[nodiscard]] qint64 sliceIndex() const { return m_transform.sliceIndex(); }
    [[nodiscard]] qint64 sliceCount() const { return m_volume ? m_transform.sliceCount() : 0; }
    // What lies under widget position `position` (logical pixels, as in mouse events).
    [[nodiscard]] CursorReadout readoutAt(QPointF position) const;

    [[nodiscard]] QSize sizeHint() const override { return {640, 640}; }
    [[nodiscard]] QSize minimumSizeHint() const override { return {128, 128}; }

public Q_SLOTS:
    // Ignored for cine volumes. Back to a plane shown before since setVolume(), the view returns to the
    // slice it left there; a plane not shown yet opens through the voxel last under the cursor.
    void setPlane(delineate::ui::ViewPlane plane);
    void setSliceIndex(qint64 index); // clamped
    void stepSlice(int steps);
    void resetView();
    void zoomBy(double factor); // around the view centre

Q_SIGNALS:
    void sliceChanged(qint64 index, qint64 count);
    void planeChanged(delineate::ui::ViewPlane plane);
    void viewChanged(); // zoom or pan
    void cursorMoved(const delineate::ui::CursorReadout& readout);
    // A tool gesture changed the labels in `region` (one undo step).
    void labelsEdited(const delineate::annotation::VoxelBox& region);
    // A tool gesture ended with its release (after labelsEdited, whether or not anything changed).
    void gestureFinished();
    // A proposal with this id was painted for the first time.
    void proposalPainted(quint64 id);
    // Locator views: the voxel index (continuous, normal component = the shown slice) clicked or dragged to.
    void pointPicked(const delineate::image::Vec3& index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    enum class Drag { None, Pan, WindowLevel, Tool };

    void connectSettings();
    void sliceMoved(); // after the slice index changed
    void ensureImages();
    void paintAnnotations(QPainter& painter);
    void emitReadout();
    void updateWindowFromDrag(QPointF position);
    bool startGesture(QPointF position, bool secondary);
    [[nodiscard]] ToolEvent toolEvent(QPointF position, bool secondary) const;
    void refreshDuringGesture();
    void pick(QPointF position);
    void paintCrosshair(QPainter& painter) const;

    QPointer<DisplaySettings> m_settings;
    DisplaySettings* m_ownSettings = nullptr;
    std::shared_ptr<const image::Volume> m_volume;
    std::shared_ptr<const image::LabelMap> m_labels;
    LabelPalette m_palette;
    SliceViewTransform m_transform;
    float m_dataMinimum = 0.0f;
    float m_dataMaximum = 1.0f;

    // Caches of what is drawn, rebuilt lazily in ensureImages().
    image::Image2D<float> m_slice;
    image::Image2D<image::LabelMap::Value> m_labelSlice;
    QImage m_intensityImage;
    QImage m_fillImage;
    LabelContours m_contours;
    bool m_sliceStale = true;
    bool m_intensityStale = true;
    bool m_labelsStale = true;
    bool m_fillStale = true;

    SliceTool* m_tool = nullptr;
    std::function<ToolContext()> m_contextProvider;
    OverlayPainter m_overlay;
    quint64 m_paintedProposal = 0;
    bool m_reviewed = false;
    bool m_spaceHeld = false;
    bool m_gestureSecondary = false;
    Qt::MouseButton m_dragButton = Qt::NoButton;

    Drag m_drag = Drag::None;
    QPointF m_dragStart;
    QPointF m_dragLast;
    image::Window m_dragStartWindow;
    int m_wheelRemainder = 0;
    std::optional<QPointF> m_mouse;            // last position inside the widget
    std::optional<VoxelIndex> m_lastVoxel;     // last voxel under the cursor: where a plane switch goes
    std::map<ViewPlane, qint64> m_planeSlices; // the slice each plane was left on (this volume)
    std::optional<image::Vec3> m_crosshair;
    bool m_locator = false;
    bool m_picking = false;
    double m_brushRadiusMm = 0.0;
};

} // namespace delineate::ui

Q_DECLARE_METATYPE(delineate::ui::ViewPlane)
