#include "viewer/SliceView.h"

#include "viewer/DisplaySettings.h"
#include "viewer/SliceRaster.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace delineate::ui {
namespace {

constexpr int kWheelStep = 120;         // one notch of a standard mouse wheel
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

// Patient direction letter of an LPS vector (its dominant component).
QChar orientationLetter(const image::Vec3& direction)
{
    int dominant = 0;
    for (int a = 1; a < 3; ++a)
        if (std::abs(direction[a]) > std::abs(direction[dominant]))
            dominant = a;
    static const char positive[] = {'L', 'P', 'S'};
    static const char negative[] = {'R', 'A', 'I'};
    return QLatin1Char(direction[dominant] >= 0 ? positive[dominant] : negative[dominant]);
}

image::Vec3 negated(const image::Vec3& v)
{
    return {-v[0], -v[1], -v[2]};
}

} // namespace

SliceView::SliceView(QWidget* parent)
    : QWidget(parent)
    , m_ownSettings(new DisplaySettings(this))
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
    m_transform.setPlane(plane);
    // Go through the voxel last pointed at, so switching planes keeps the structure in view.
    if (m_lastVoxel)
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
        paintLabels(painter);
    paintAnnotations(painter);
}

void SliceView::paintLabels(QPainter& painter)
{
    painter.save();
    painter.setTransform(toQTransform(m_transform.sliceImageToScreen()));
    if (m_settings->fillOpacity() > 0.0)
        painter.drawImage(QPointF(0, 0), m_fillImage);
    if (m_settings->outlineVisible()) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        for (const LabelContours::Outline& outline : m_contours.outlines()) {
            if (!m_palette.isVisible(outline.label))
                continue;
            QPen pen(m_palette.color(outline.label), m_settings->outlineWidth());
            pen.setCosmetic(true); // width in screen pixels, whatever the zoom
            pen.setCapStyle(Qt::SquareCap);
            painter.setPen(pen);
            painter.drawLines(outline.segments);
        }
    }
    painter.restore();
}

void SliceView::paintAnnotations(QPainter& painter)
{
    painter.save();
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(QColor(255, 220, 80));
    const QRect area = rect().adjusted(6, 4, -6, -4);
    if (!m_transform.indexOrder()) {
        const image::Vec3 right = m_transform.screenRightDirection();
        const image::Vec3 down = m_transform.screenDownDirection();
        painter.drawText(area, Qt::AlignLeft | Qt::AlignVCenter, orientationLetter(negated(right)));
        painter.drawText(area, Qt::AlignRight | Qt::AlignVCenter, orientationLetter(right));
        painter.drawText(area, Qt::AlignTop | Qt::AlignHCenter, orientationLetter(negated(down)));
        painter.drawText(area, Qt::AlignBottom | Qt::AlignHCenter, orientationLetter(down));
    }
    font.setBold(false);
    painter.setFont(font);
    painter.setPen(QColor(230, 230, 230));
    const bool cine = m_volume->frameKind == image::FrameKind::Temporal;
    const QString position = cine ? tr("Frame %1 / %2").arg(sliceIndex() + 1).arg(sliceCount())
                                  : tr("Slice %1 / %2").arg(sliceIndex() + 1).arg(sliceCount());
    painter.drawText(area, Qt::AlignLeft | Qt::AlignTop, position);
    const image::Window window = m_settings->window();
    painter.drawText(area, Qt::AlignLeft | Qt::AlignBottom,
                     tr("W %1  L %2").arg(window.width, 0, 'g', 4).arg(window.center, 0, 'g', 4));
    painter.restore();
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

void SliceView::mousePressEvent(QMouseEvent* event)
{
    if (!m_volume || m_drag != Drag::None)
        return;
    if (event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton)
        m_drag = Drag::Pan;
    else if (event->button() == Qt::RightButton)
        m_drag = Drag::WindowLevel;
    else
        return;
    m_dragStart = m_dragLast = event->position();
    m_dragStartWindow = m_settings->window();
    setCursor(m_drag == Drag::Pan ? Qt::ClosedHandCursor : Qt::SizeAllCursor);
    event->accept();
}

void SliceView::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF position = event->position();
    if (m_drag == Drag::Pan) {
        const QPointF delta = position - m_dragLast;
        m_transform.panBy(delta.x(), delta.y());
        update();
        Q_EMIT viewChanged();
    } else if (m_drag == Drag::WindowLevel) {
        updateWindowFromDrag(position);
    }
    m_dragLast = position;
    m_mouse = position;
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
    const bool ends =
        (m_drag == Drag::Pan && (event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton)) ||
        (m_drag == Drag::WindowLevel && event->button() == Qt::RightButton);
    if (!ends)
        return;
    m_drag = Drag::None;
    unsetCursor();
    event->accept();
}

void SliceView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        resetView();
}

void SliceView::keyPressEvent(QKeyEvent* event)
{
    const qint64 page = std::max<qint64>(1, sliceCount() / 10);
    switch (event->key()) {
    case Qt::Key_Up: stepSlice(1); break;
    case Qt::Key_Down: stepSlice(-1); break;
    case Qt::Key_PageUp: stepSlice(int(page)); break;
    case Qt::Key_PageDown: stepSlice(-int(page)); break;
    case Qt::Key_Home: setSliceIndex(0); break;
    case Qt::Key_End: setSliceIndex(sliceCount() - 1); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomBy(kZoomPerNotch); break;
    case Qt::Key_Minus: zoomBy(1.0 / kZoomPerNotch); break;
    case Qt::Key_R: resetView(); break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}

void SliceView::leaveEvent(QEvent*)
{
    m_mouse.reset();
    emitReadout();
}

} // namespace delineate::ui
