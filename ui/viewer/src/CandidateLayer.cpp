#include "viewer/CandidateLayer.h"

#include "viewer/SliceView.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPen>
#include <QTransform>

#include <cmath>

namespace delineate::ui {
namespace {

QTransform toQTransform(const Affine2D& a)
{
    return QTransform(a.xx, a.yx, a.xy, a.yy, a.tx, a.ty);
}

} // namespace

CandidateLayer::CandidateLayer(SliceView* view) : QWidget(view), m_view(view)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setGeometry(view->rect());
    view->installEventFilter(this);
    connect(view, &SliceView::sliceChanged, this, [this] {
        setHovered(-1);
        update();
    });
    connect(view, &SliceView::planeChanged, this, [this] {
        setHovered(-1);
        update();
    });
    connect(view, &SliceView::viewChanged, this, qOverload<>(&QWidget::update));
    hide();
}

QColor CandidateLayer::colourFor(int index)
{
    const double hue = std::fmod(0.13 + 0.61803398875 * index, 1.0);
    return QColor::fromHsvF(float(hue), 0.85f, 1.0f);
}

void CandidateLayer::setCandidates(image::SliceAxis axis, std::int64_t slice,
                                   std::vector<image::Image2D<std::uint8_t>> masks)
{
    m_axis = axis;
    m_slice = slice;
    m_candidates.clear();
    m_hovered = -1;
    int index = 0;
    for (image::Image2D<std::uint8_t>& mask : masks) {
        Candidate candidate;
        candidate.colour = colourFor(index++);
        image::Image2D<LabelContours::Value> asLabels{mask.width, mask.height, 1, {}};
        asLabels.pixels.assign(mask.pixels.begin(), mask.pixels.end());
        candidate.contours = LabelContours::trace(asLabels);
        candidate.fill = QImage(mask.width, mask.height, QImage::Format_ARGB32_Premultiplied);
        QColor tint = candidate.colour;
        tint.setAlpha(110);
        const QRgb inside = qPremultiply(tint.rgba());
        for (int y = 0; y < mask.height; ++y) {
            auto* line = reinterpret_cast<QRgb*>(candidate.fill.scanLine(y));
            for (int x = 0; x < mask.width; ++x) {
                const bool in = mask.at(x, y) != 0;
                line[x] = in ? inside : 0;
                candidate.area += in ? 1 : 0;
            }
        }
        candidate.mask = std::move(mask);
        m_candidates.push_back(std::move(candidate));
    }
    setGeometry(m_view->rect());
    setVisible(!m_candidates.empty());
    raise();
    update();
}

void CandidateLayer::removeCandidate(int index)
{
    if (index < 0 || index >= count())
        return;
    m_candidates.erase(m_candidates.begin() + index);
    m_hovered = -1;
    Q_EMIT hoveredChanged(-1);
    setVisible(!m_candidates.empty());
    update();
}

void CandidateLayer::clear()
{
    m_candidates.clear();
    m_slice = -1;
    setHovered(-1);
    hide();
}

bool CandidateLayer::onShownSlice() const
{
    const SliceViewTransform& t = m_view->viewTransform();
    return !m_candidates.empty() && m_view->volume() && t.normalAxis() == m_axis && t.sliceIndex() == m_slice;
}

int CandidateLayer::candidateAt(double x, double y) const
{
    if (!onShownSlice())
        return -1;
    const long px = std::lround(x);
    const long py = std::lround(y);
    int best = -1;
    for (std::size_t i = 0; i < m_candidates.size(); ++i) {
        const Candidate& c = m_candidates[i];
        if (px < 0 || py < 0 || px >= c.mask.width || py >= c.mask.height || !c.mask.at(int(px), int(py)))
            continue;
        if (best < 0 || c.area < m_candidates[std::size_t(best)].area)
            best = int(i);
    }
    return best;
}

int CandidateLayer::candidateAtScreen(QPointF position) const
{
    const auto [x, y] = m_view->viewTransform().screenToSlicePixel({position.x(), position.y()});
    return candidateAt(x, y);
}

void CandidateLayer::setHovered(int index)
{
    if (index == m_hovered)
        return;
    m_hovered = index;
    Q_EMIT hoveredChanged(index);
    update();
}

bool CandidateLayer::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_view || m_candidates.empty())
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::Resize:
        setGeometry(m_view->rect());
        break;
    case QEvent::MouseMove:
        setHovered(candidateAtScreen(static_cast<QMouseEvent*>(event)->position()));
        break;
    case QEvent::Leave:
        setHovered(-1);
        break;
    case QEvent::MouseButtonPress: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() != Qt::LeftButton || mouse->modifiers() != Qt::NoModifier)
            break;
        const int index = candidateAtScreen(mouse->position());
        if (index < 0)
            break;
        Q_EMIT candidatePicked(index);
        return true; // the view's tool does not see this click
    }
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

void CandidateLayer::paintEvent(QPaintEvent*)
{
    if (!onShownSlice())
        return;
    QPainter painter(this);
    painter.setTransform(toQTransform(m_view->viewTransform().sliceImageToScreen()));
    if (m_hovered >= 0)
        painter.drawImage(QPointF(0, 0), m_candidates[std::size_t(m_hovered)].fill);
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (std::size_t i = 0; i < m_candidates.size(); ++i) {
        const Candidate& c = m_candidates[i];
        QPen pen(c.colour, int(i) == m_hovered ? 3.0 : 1.5);
        pen.setCosmetic(true);
        pen.setCapStyle(Qt::SquareCap);
        painter.setPen(pen);
        for (const LabelContours::Outline& outline : c.contours.outlines())
            painter.drawLines(outline.segments);
    }
}

} // namespace delineate::ui
