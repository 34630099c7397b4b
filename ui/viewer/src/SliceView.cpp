#include "viewer/SliceView.h"

#include "DisplaySettings.h"
#include "SliceCaption.h"
#include "SliceRaster.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace delineate::ui {
namespace {

constexpr int kWheelStep = 120; // one notch of a standard mouse wheel
constexpr double kZoomPerNotch = 1.2;
constexpr double kWindowDragPixels = 300.0; // drag that changes the window by its own width

QTransform toQTransform(const Affine2D& a)
{
    // QTransform maps row vectors: x' = m11 x + m21 y + dx, y' = m12 x + m22 y + dy.
    return QTransform(a.xx, a.yx, a.xy, a.yy, a.tx, a.ty);
}

// Pixel centres: the mouse reports pixel (c, r) as (c, r); the pixel it stands for is centred half a
// pixel further, which is where the painter samples the image too.
ScreenPoint pixelCentre(QPointF position)
{
    return {position.x() + 0.5, position.y() + 0.5};
}

} // namespace

SliceView::SliceView(QWidget* parent) : QWidget(parent), m_ownSettings(new DisplaySettings(this))
{
    setMouseTracking(true);
    setFocusPolicy(Qt::WheelFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setDisplaySettings(nullptr);
}

SliceView::~SliceView() = default;

void SliceView::setDisplaySettings(DisplaySettings* settings)
{
    if (m_settings)
        disconnect(m_settings, nullptr, this, nullptr);
    m_settings = settings ? settings : m_ownSettings;
    connectSettings();
    m_intensityStale = true;
    m_fillStale = true;
    update();
}

DisplaySettings* SliceView::displaySettings() const
{
    return m_settings;
}

void SliceView::connectSettings()
{
    connect(m_settings, &DisplaySettings::windowChanged, this, [this] {
        m_intensityStale = true;
        update();
    });
    connect(m_settings, &DisplaySettings::overlayChanged, this, [this] {
        m_fillStale = true;
        update();
    });
    connect(m_settings, &DisplaySettings::smoothingChanged, this, qOverload<>(&QWidget::update));
}

void SliceView::setVolume(std::shared_ptr<const image::Volume> volume)
{
    m_volume = std::move(volume);
    m_labels.reset();
    m_lastVoxel.reset();
    m_planeSlices.clear();
    m_sliceStale = m_labelsStale = true;
    m_slice = {};
    m_labelSlice = {};
    m_contours = {};
    if (m_volume) {
        const image::Geometry& geometry = m_volume->geometry();
        const bool cine = m_volume->frameKind == image::FrameKind::Temporal;
        std::tie(m_dataMinimum, m_dataMaximum) = m_volume->range();
        m_transform.setViewportSize(width(), height());
        m_transform.setGeometry(geometry, cine);
        if (!cine && geometry.size[2] == 1)
            m_transform.setPlane(SliceViewTransform::planeAlong(geometry, image::SliceAxis::K));
    }
    update();
    if (m_volume) {
        Q_EMIT planeChanged(plane());
        Q_EMIT sliceChanged(sliceIndex(), sliceCount());
    }
    emitReadout();
}

bool SliceView::setLabels(std::shared_ptr<const image::LabelMap> labels)
{
    if (labels && (!m_volume || !labels->geometry().sameGrid(m_volume->geometry())))
        return false;
    m_labels = std::move(labels);
    m_labelsStale = true;
    m_labelSlice = {};
    m_contours = {};
    update();
    emitReadout();
    return true;
}

void SliceView::labelsModified()
{
    m_labelsStale = true;
    update();
    emitReadout();
}

void SliceView::labelsModified(const annotation::VoxelBox& region)
{
    const int normal = static_cast<int>(m_transform.normalAxis());
    const qint64 slice = m_transform.sliceIndex();
    if (region.empty() || slice < region.begin[normal] || slice >= region.end[normal])
        return;
    labelsModified();
}

void SliceView::setTool(SliceTool* tool)
{
    if (m_drag == Drag::Tool) {
        m_tool->cancel();
        m_drag = Drag::None;
        refreshDuringGesture();
    }
    m_tool = tool;
    setCursor(m_tool && !m_tool->navigates() ? Qt::CrossCursor : Qt::ArrowCursor);
}

void SliceView::setBrushOutline(double radiusMm)
{
    m_brushRadiusMm = std::max(radiusMm, 0.0);
    update();
}

ToolPreview SliceView::brushOutlineAtCursor() const
{
    if (!(m_brushRadiusMm > 0.0) || !m_mouse || !m_volume || m_locator || !m_tool || m_tool->navigates() ||
        m_drag == Drag::Pan || m_spaceHeld || !m_transform.voxelAt(pixelCentre(*m_mouse)))
        return {};
    // The plane's x and y run along the two index axes other than the normal (image/Slice.h).
    const int normal = static_cast<int>(m_transform.normalAxis());
    const int xAxis = normal == 0 ? 1 : 0;
    const int yAxis = normal == 2 ? 1 : 2;
    const auto& spacing = m_volume->geometry().spacing;
    const double rx = std::max(m_brushRadiusMm / spacing[xAxis], 0.5);
    const double ry = std::max(m_brushRadiusMm / spacing[yAxis], 0.5);
    const auto [cx, cy] = m_transform.screenToSlicePixel(pixelCentre(*m_mouse));
    constexpr int kSegments = 64;
    ToolPreview outline;
    outline.closed = true;
    for (int s = 0; s < kSegments; ++s) {
        const double angle = 2.0 * std::numbers::pi * s / kSegments;
        outline.points.emplace_back(cx + rx * std::cos(angle), cy + ry * std::sin(angle));
    }
    return outline;
}

void SliceView::setToolContextProvider(std::function<ToolContext()> provider)
{
    m_contextProvider = std::move(provider);
}

void SliceView::setProposal(const ProposalOverlay& proposal)
{
    m_overlay.setProposal(proposal);
    update();
}

void SliceView::setSliceReviewed(bool reviewed)
{
    if (reviewed == m_reviewed)
        return;
    m_reviewed = reviewed;
    update();
}

void SliceView::setLabelPalette(const LabelPalette& palette)
{
    m_palette = palette;
    m_fillStale = true;
    update();
}

void SliceView::setPlane(ViewPlane plane)
{
    if (!m_volume || m_transform.indexOrder() || plane == m_transform.plane())
        return;
    m_planeSlices[m_transform.plane()] = m_transform.sliceIndex();
    m_transform.setPlane(plane);
    // Back to a plane shown before: its slice. A new plane goes through the voxel last pointed at, so
    // switching planes keeps the structure in view.
    if (const auto known = m_planeSlices.find(plane); known != m_planeSlices.end())
        m_transform.setSliceIndex(known->second);
    else if (m_lastVoxel)
        m_transform.setSliceIndex((*m_lastVoxel)[static_cast<int>(m_transform.normalAxis())]);
    Q_EMIT planeChanged(plane);
    sliceMoved();
}

void SliceView::setSliceIndex(qint64 index)
{
    if (!m_volume)
        return;
    const qint64 before = m_transform.sliceIndex();
    m_transform.setSliceIndex(index);
    if (m_transform.sliceIndex() != before)
        sliceMoved();
}

void SliceView::stepSlice(int steps)
{
    setSliceIndex(sliceIndex() + steps);
}

void SliceView::sliceMoved()
{
    m_sliceStale = m_labelsStale = true;
    update();
    Q_EMIT sliceChanged(sliceIndex(), sliceCount());
    emitReadout();
}

void SliceView::resetView()
{
    m_transform.fit();
    update();
    Q_EMIT viewChanged();
    emitReadout();
}

void SliceView::zoomBy(double factor)
{
    m_transform.zoomAt({width() / 2.0, height() / 2.0}, factor);
    update();
    Q_EMIT viewChanged();
    emitReadout();
}

CursorReadout SliceView::readoutAt(QPointF position) const
{
    CursorReadout readout;
    if (!m_volume)
        return readout;
    const std::optional<VoxelIndex> voxel = m_transform.voxelAt(pixelCentre(position));
    if (!voxel)
        return readout;
    const auto [i, j, k] = *voxel;
    readout.inside = true;
    readout.voxel = *voxel;
    readout.position = m_volume->geometry().indexToPhysical({double(i), double(j), double(k)});
    readout.physical = m_volume->geometry().physicalSpacing;
    readout.temporal = m_volume->frameKind == image::FrameKind::Temporal;
    readout.components = m_volume->components();
    for (int c = 0; c < readout.components && c < 3; ++c)
        readout.value[c] = m_volume->at(i, j, k, c);
    if (m_labels)
        readout.label = m_labels->at(i, j, k);
    return readout;
}

void SliceView::emitReadout()
{
    const CursorReadout readout = m_mouse ? readoutAt(*m_mouse) : CursorReadout{};
    if (readout.inside)
        m_lastVoxel = readout.voxel;
    Q_EMIT cursorMoved(readout);
}

void SliceView::ensureImages()
{
    const image::SliceAxis axis = m_transform.normalAxis();
    if (m_sliceStale) {
        m_slice = image::extractSlice(*m_volume, axis, m_transform.sliceIndex());
        m_sliceStale = false;
        m_intensityStale = true;
    }
    if (m_intensityStale) {
        m_intensityImage = SliceRaster::intensityImage(m_slice, m_settings->window());
        m_intensityStale = false;
    }
    if (m_labels && m_labelsStale) {
        m_labelSlice = image::extractLabelSlice(*m_labels, axis, m_transform.sliceIndex());
        m_contours = LabelContours::trace(m_labelSlice);
        m_labelsStale = false;
        m_fillStale = true;
    }
    if (m_labels && m_fillStale) {
        m_fillImage = SliceRaster::labelFillImage(m_labelSlice, m_palette, m_settings->fillOpacity());
        m_fillStale = false;
    }
}

void SliceView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::black);
    if (!m_volume)
        return;
    ensureImages();
    painter.save();
    painter.setTransform(toQTransform(m_transform.sliceImageToScreen()));
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_settings->smoothing());
    painter.drawImage(QPointF(0, 0), m_intensityImage);
    painter.restore();
    if (m_labels && m_settings->labelsVisible())
        OverlayPainter::paintLabels(painter, m_transform, m_fillImage, m_contours, m_palette, *m_settings);
    m_overlay.paintProposal(painter, m_transform);
    paintCrosshair(painter);
    if (m_drag == Drag::Tool)
        OverlayPainter::paintToolPreview(painter, m_transform, m_tool->preview());
    OverlayPainter::paintToolPreview(painter, m_transform, brushOutlineAtCursor());
    paintAnnotations(painter);
    const ProposalOverlay& proposal = m_overlay.proposal();
    if (!proposal.mask.pixels.empty() && proposal.id != m_paintedProposal &&
        proposal.axis == m_transform.normalAxis() && proposal.slice == m_transform.sliceIndex()) {
        m_paintedProposal = proposal.id;
        Q_EMIT proposalPainted(proposal.id);
    }
}

void SliceView::paintAnnotations(QPainter& painter)
{
    SliceCaption::Content content;
    content.cine = m_volume->frameKind == image::FrameKind::Temporal;
    content.slice = sliceIndex();
    content.count = sliceCount();
    content.reviewed = m_reviewed;
    content.missing =
        m_transform.normalAxis() == image::SliceAxis::K && m_volume->isMissingSlice(sliceIndex());
    content.window = m_settings->window();
    SliceCaption::paint(painter, rect().adjusted(6, 4, -6, -4), m_transform, content);
}

void SliceView::resizeEvent(QResizeEvent*)
{
    m_transform.setViewportSize(width(), height());
}

void SliceView::wheelEvent(QWheelEvent* event)
{
    if (!m_volume)
        return;
    const QPoint angle = event->angleDelta();
    const int delta = angle.y() != 0 ? angle.y() : angle.x();
    if (event->modifiers() & Qt::ControlModifier) {
        const QPointF at = event->position();
        m_transform.zoomAt(pixelCentre(at), std::pow(kZoomPerNotch, double(delta) / kWheelStep));
        update();
        Q_EMIT viewChanged();
    } else {
        m_wheelRemainder += delta;
        const int steps = m_wheelRemainder / kWheelStep;
        m_wheelRemainder -= steps * kWheelStep;
        if (steps != 0)
            stepSlice(steps);
    }
    event->accept();
}

void SliceView::setCrosshair(std::optional<image::Vec3> point)
{
    m_crosshair = point;
    update();
}

void SliceView::setLocator(bool locator)
{
    m_locator = locator;
    if (locator)
        setCursor(Qt::CrossCursor);
    else
        unsetCursor();
}

void SliceView::pick(QPointF position)
{
    const ScreenPoint at = pixelCentre(position);
    if (!m_transform.voxelAt(at))
        return;
    Q_EMIT pointPicked(m_transform.screenToIndex(at));
}

void SliceView::paintCrosshair(QPainter& painter) const
{
    if (!m_crosshair)
        return;
    const ScreenPoint centre = m_transform.indexToScreen(*m_crosshair);
    painter.save();
    QPen pen(QColor(255, 220, 0, 170));
    pen.setWidthF(1.0);
    pen.setDashPattern({6, 4});
    painter.setPen(pen);
    painter.drawLine(QPointF(0, centre.y), QPointF(width(), centre.y));
    painter.drawLine(QPointF(centre.x, 0), QPointF(centre.x, height()));
    painter.restore();
}

void SliceView::mousePressEvent(QMouseEvent* event)
{
    if (!m_volume || m_drag != Drag::None)
        return;
    if (m_locator && event->button() == Qt::LeftButton && !m_spaceHeld) {
        m_picking = true;
        pick(event->position());
        event->accept();
        return;
    }
    const Qt::MouseButton button = event->button();
    const bool editing = m_tool && !m_tool->navigates();
    const bool alt = event->modifiers() & Qt::AltModifier;
    if (button == Qt::MiddleButton || (button == Qt::LeftButton && (m_spaceHeld || !editing))) {
        m_drag = Drag::Pan;
    } else if (button == Qt::LeftButton ||
               (button == Qt::RightButton && editing && m_tool->usesSecondaryButton())) {
        if (!startGesture(event->position(), button == Qt::RightButton || alt))
            return;
        m_dragButton = button;
        event->accept();
        return;
    } else if (button == Qt::RightButton) {
        m_drag = Drag::WindowLevel;
    } else {
        return;
    }
    m_dragButton = button;
    m_dragStart = m_dragLast = event->position();
    m_dragStartWindow = m_settings->window();
    setCursor(m_drag == Drag::Pan ? Qt::ClosedHandCursor : Qt::SizeAllCursor);
    event->accept();
}

ToolEvent SliceView::toolEvent(QPointF position, bool secondary) const
{
    const auto [x, y] = m_transform.screenToSlicePixel(pixelCentre(position));
    return {x, y, secondary};
}

bool SliceView::startGesture(QPointF position, bool secondary)
{
    if (!m_transform.voxelAt(pixelCentre(position)))
        return false; // gestures start on the image
    ToolContext context = m_contextProvider ? m_contextProvider() : ToolContext{};
    context.axis = m_transform.normalAxis();
    context.slice = m_transform.sliceIndex();
    m_drag = Drag::Tool;
    m_gestureSecondary = secondary;
    m_tool->press(context, toolEvent(position, secondary));
    refreshDuringGesture();
    return true;
}

void SliceView::refreshDuringGesture()
{
    if (m_labels)
        m_labelsStale = true; // the brush paints as the mouse moves
    update();
}

void SliceView::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF position = event->position();
    if (m_picking) {
        pick(position);
    } else if (m_drag == Drag::Pan) {
        const QPointF delta = position - m_dragLast;
        m_transform.panBy(delta.x(), delta.y());
        update();
        Q_EMIT viewChanged();
    } else if (m_drag == Drag::WindowLevel) {
        updateWindowFromDrag(position);
    } else if (m_drag == Drag::Tool) {
        m_tool->drag(toolEvent(position, m_gestureSecondary));
        refreshDuringGesture();
    }
    m_dragLast = position;
    m_mouse = position;
    if (m_brushRadiusMm > 0.0 && m_tool && !m_tool->navigates())
        update(); // the brush outline follows the cursor
    emitReadout();
}

void SliceView::updateWindowFromDrag(QPointF position)
{
    // Sensitivity follows the window being edited, but never so fine that a wide data range (CT) takes
    // metres of mouse travel; a constant image falls back to the window alone.
    const double range = std::max(double(m_dataMaximum) - double(m_dataMinimum), 0.0);
    double base = std::max(m_dragStartWindow.width, range * 0.1);
    if (!(base > 0.0))
        base = 1.0;
    const double perPixel = base / kWindowDragPixels;
    const QPointF delta = position - m_dragStart;
    image::Window window = m_dragStartWindow;
    window.width = std::max(window.width + delta.x() * perPixel, base * 1e-3);
    window.center += delta.y() * perPixel;
    m_settings->setWindow(window);
}

void SliceView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_picking && event->button() == Qt::LeftButton) {
        m_picking = false;
        event->accept();
        return;
    }
    if (m_drag == Drag::None || event->button() != m_dragButton)
        return;
    const Drag drag = m_drag;
    m_drag = Drag::None;
    m_dragButton = Qt::NoButton;
    event->accept();
    if (drag != Drag::Tool) {
        if (m_locator)
            setCursor(Qt::CrossCursor);
        else
            unsetCursor();
        return;
    }
    const annotation::VoxelBox changed = m_tool->release(toolEvent(event->position(), m_gestureSecondary));
    refreshDuringGesture();
    if (!changed.empty())
        Q_EMIT labelsEdited(changed);
    Q_EMIT gestureFinished();
}

void SliceView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && !(m_tool && !m_tool->navigates()))
        resetView();
    else
        mousePressEvent(event); // editing tools take every click
}

void SliceView::keyPressEvent(QKeyEvent* event)
{
    const qint64 page = std::max<qint64>(1, sliceCount() / 10);
    switch (event->key()) {
    case Qt::Key_Up:
        stepSlice(1);
        break;
    case Qt::Key_Down:
        stepSlice(-1);
        break;
    case Qt::Key_PageUp:
        stepSlice(int(page));
        break;
    case Qt::Key_PageDown:
        stepSlice(-int(page));
        break;
    case Qt::Key_Home:
        setSliceIndex(0);
        break;
    case Qt::Key_End:
        setSliceIndex(sliceCount() - 1);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(kZoomPerNotch);
        break;
    case Qt::Key_Minus:
        zoomBy(1.0 / kZoomPerNotch);
        break;
    case Qt::Key_R:
        resetView();
        break;
    case Qt::Key_Space:
        if (!event->isAutoRepeat())
            m_spaceHeld = true;
        break;
    case Qt::Key_Escape:
        if (m_drag != Drag::Tool) {
            QWidget::keyPressEvent(event);
            return;
        }
        m_tool->cancel();
        m_drag = Drag::None;
        refreshDuringGesture();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void SliceView::keyReleaseEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat())
        m_spaceHeld = false;
    QWidget::keyReleaseEvent(event);
}

void SliceView::leaveEvent(QEvent*)
{
    m_mouse.reset();
    update();
    emitReadout();
}

} // namespace delineate::ui
