// SliceView offscreen: open a synthetic volume, scroll, zoom, window/level drag, cursor readout,
// radiological orientation and the label overlay, checked on the grabbed pixels.

#include "CinePlayer.h"
#include "DisplaySettings.h"
#include "support/QtTestMain.h"
#include "viewer/SliceView.h"

#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace delineate;
using ui::SliceView;
using ui::ViewPlane;

namespace {

constexpr float kBackground = 100.0f;
constexpr float kMarker = 250.0f;

// 40 × 30 × 20 voxels of 1 × 1 × 2 mm, constant kBackground; `direction` as given.
std::shared_ptr<image::Volume> makeVolume(image::Mat3 direction = {1, 0, 0, 0, 1, 0, 0, 0, 1},
                                          image::FrameKind kind = image::FrameKind::Spatial)
{
    image::Geometry g;
    g.size = {40, 30, 20};
    g.spacing = {1.0, 1.0, 2.0};
    g.origin = {-20.0, -15.0, 0.0};
    g.direction = direction;
    auto volume = image::Volume::create(g);
    if (!volume)
        qFatal("cannot create volume");
    auto result = std::make_shared<image::Volume>(std::move(volume).value());
    std::fill(result->data(), result->data() + result->elementCount(), kBackground);
    result->frameKind = kind;
    result->modality = "MR";
    return result;
}

QColor pixelAt(QWidget& widget, ui::ScreenPoint point)
{
    const QImage shot = widget.grab().toImage();
    return shot.pixelColor(int(std::floor(point.x)), int(std::floor(point.y)));
}

// Hovering (no button): QTest::mouseMove does not reach an offscreen widget without a pressed button.
void hover(QWidget& widget, ui::ScreenPoint point)
{
    const QPointF at(std::floor(point.x), std::floor(point.y));
    QMouseEvent event(QEvent::MouseMove, at, widget.mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                      Qt::NoModifier);
    QApplication::sendEvent(&widget, &event);
}

QWheelEvent wheel(QPointF at, int delta, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    return QWheelEvent(at, at, QPoint(), QPoint(0, delta), Qt::NoButton, modifiers, Qt::NoScrollPhase, false);
}

} // namespace

class TestViewer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void opensAtMiddleSlice();
    void wheelScrollsSlices();
    void ctrlWheelZoomsAtCursor();
    void rightDragChangesWindow();
    void cursorReadout();
    void overlayDrawsLabelColour();
    void overlayOutline();
    void patientRightOnScreenLeft_data();
    void patientRightOnScreenLeft();
    void planeSwitchGoesThroughLastVoxel();
    void planeSwitchReturnsToItsSlice();
    void labelsOnOtherGridRefused();
    void cinePlaysFrames();

private:
    std::unique_ptr<SliceView> m_view;
    std::shared_ptr<image::Volume> m_volume;
};

void TestViewer::init()
{
    m_volume = makeVolume();
    m_view = std::make_unique<SliceView>();
    m_view->resize(400, 300);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_view->displaySettings()->setWindow(image::Window::fromRange(0.0, 255.0));
    m_view->setVolume(m_volume);
}

void TestViewer::cleanup()
{
    m_view.reset();
    m_volume.reset();
}

void TestViewer::opensAtMiddleSlice()
{
    QCOMPARE(m_view->plane(), ViewPlane::Axial);
    QCOMPARE(m_view->sliceCount(), 20);
    QCOMPARE(m_view->sliceIndex(), 10);
    // Fitted, physical aspect: 40 × 30 mm in a 400 × 300 view → 10 px per mm.
    QVERIFY(std::abs(m_view->viewTransform().scale() - 10.0) < 1e-9);
    const QColor centre = pixelAt(*m_view, {200.5, 150.5});
    QCOMPARE(centre, QColor(100, 100, 100));
    // Letterboxed when the view is wider than the slice.
    m_view->resize(600, 300);
    QCOMPARE(pixelAt(*m_view, {50.5, 150.5}), QColor(Qt::black));
    QCOMPARE(pixelAt(*m_view, {300.5, 150.5}), QColor(100, 100, 100));
}

void TestViewer::wheelScrollsSlices()
{
    QSignalSpy spy(m_view.get(), &SliceView::sliceChanged);
    auto up = wheel({200, 150}, 120);
    QApplication::sendEvent(m_view.get(), &up);
    QCOMPARE(m_view->sliceIndex(), 11);
    auto down = wheel({200, 150}, -360);
    QApplication::sendEvent(m_view.get(), &down);
    QCOMPARE(m_view->sliceIndex(), 8);
    // Half notches (touchpads) add up.
    auto half = wheel({200, 150}, 60);
    QApplication::sendEvent(m_view.get(), &half);
    QCOMPARE(m_view->sliceIndex(), 8);
    QApplication::sendEvent(m_view.get(), &half);
    QCOMPARE(m_view->sliceIndex(), 9);
    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.last().at(0).toLongLong(), 9);
    QTest::keyClick(m_view.get(), Qt::Key_End);
    QCOMPARE(m_view->sliceIndex(), 19);
    auto beyond = wheel({200, 150}, 120);
    QApplication::sendEvent(m_view.get(), &beyond);
    QCOMPARE(m_view->sliceIndex(), 19); // clamped
}

void TestViewer::ctrlWheelZoomsAtCursor()
{
    const QPointF at(123, 77);
    const image::Vec3 before = m_view->viewTransform().screenToIndex({at.x() + 0.5, at.y() + 0.5});
    const double scale = m_view->viewTransform().scale();
    auto zoom = wheel(at, 240, Qt::ControlModifier);
    QApplication::sendEvent(m_view.get(), &zoom);
    QVERIFY(std::abs(m_view->viewTransform().scale() - scale * 1.44) < 1e-9);
    QCOMPARE(m_view->sliceIndex(), 10); // zooming does not scroll
    const image::Vec3 after = m_view->viewTransform().screenToIndex({at.x() + 0.5, at.y() + 0.5});
    for (int c = 0; c < 3; ++c)
        QVERIFY(std::abs(before[c] - after[c]) < 1e-9);
    QTest::mouseDClick(m_view.get(), Qt::LeftButton, {}, QPoint(200, 150));
    QVERIFY(m_view->viewTransform().isFitted());
}

void TestViewer::rightDragChangesWindow()
{
    ui::DisplaySettings* settings = m_view->displaySettings();
    const image::Window start = settings->window();
    QSignalSpy spy(settings, &ui::DisplaySettings::windowChanged);
    QTest::mousePress(m_view.get(), Qt::RightButton, {}, QPoint(100, 100));
    QTest::mouseMove(m_view.get(), QPoint(150, 120));
    QTest::mouseMove(m_view.get(), QPoint(200, 140));
    QTest::mouseRelease(m_view.get(), Qt::RightButton, {}, QPoint(200, 140));
    QVERIFY(spy.count() >= 1);
    const image::Window end = settings->window();
    QVERIFY2(end.width > start.width, "dragging right widens the window");
    QVERIFY2(end.center > start.center, "dragging down raises the level");
    QCOMPARE(settings->presetId(), QStringLiteral("custom"));
    // The new window reaches the pixels: 100 is now darker than before.
    QVERIFY(pixelAt(*m_view, {200.5, 150.5}).red() < 100);
}

void TestViewer::cursorReadout()
{
    auto labels = std::make_shared<image::LabelMap>(image::LabelMap::createFor(*m_volume).value());
    labels->at(12, 7, 10) = 5;
    QVERIFY(m_view->setLabels(labels));
    m_volume->at(12, 7, 10) = 42.0f;
    QSignalSpy spy(m_view.get(), &SliceView::cursorMoved);
    const ui::ScreenPoint centre = m_view->viewTransform().indexToScreen({12, 7, 10});
    hover(*m_view, centre);
    QVERIFY(!spy.isEmpty());
    const auto readout = spy.last().at(0).value<ui::CursorReadout>();
    QVERIFY(readout.inside);
    QCOMPARE(readout.voxel, (ui::VoxelIndex{12, 7, 10}));
    QCOMPARE(readout.value[0], 42.0f);
    QCOMPARE(readout.label.value_or(0), 5);
    const image::Vec3 lps = m_volume->geometry().indexToPhysical({12, 7, 10});
    for (int c = 0; c < 3; ++c)
        QCOMPARE(readout.position[c], lps[c]);
    QVERIFY(readout.text().contains(QStringLiteral("Voxel (12, 7, 10)")));
    // Scrolling under a still cursor updates the readout's slice.
    m_view->stepSlice(1);
    QCOMPARE(spy.last().at(0).value<ui::CursorReadout>().voxel[2], 11);
}

void TestViewer::overlayDrawsLabelColour()
{
    auto labels = std::make_shared<image::LabelMap>(image::LabelMap::createFor(*m_volume).value());
    for (int j = 8; j < 14; ++j)
        for (int i = 10; i < 16; ++i)
            labels->at(i, j, 10) = 3;
    ui::LabelPalette palette;
    palette.setColor(3, QColor(0, 0, 255));
    m_view->setLabelPalette(palette);
    QVERIFY(m_view->setLabels(labels));
    ui::DisplaySettings* settings = m_view->displaySettings();
    settings->setOutlineVisible(false);
    settings->setFillOpacity(1.0);
    const auto& t = m_view->viewTransform();
    QCOMPARE(pixelAt(*m_view, t.indexToScreen({12, 10, 10})), QColor(0, 0, 255));
    QCOMPARE(pixelAt(*m_view, t.indexToScreen({8, 10, 10})), QColor(100, 100, 100)); // outside the label
    settings->setFillOpacity(0.5);
    const QColor blended = pixelAt(*m_view, t.indexToScreen({15, 13, 10}));
    QVERIFY2(std::abs(blended.red() - 50) <= 2 && std::abs(blended.blue() - 178) <= 2,
             qPrintable(blended.name()));
    settings->setLabelsVisible(false);
    QCOMPARE(pixelAt(*m_view, t.indexToScreen({12, 10, 10})), QColor(100, 100, 100));
    settings->setLabelsVisible(true);
    m_view->stepSlice(1); // the label lives on slice 10 only
    QCOMPARE(pixelAt(*m_view, t.indexToScreen({12, 10, 11})), QColor(100, 100, 100));
}

void TestViewer::overlayOutline()
{
    auto labels = std::make_shared<image::LabelMap>(image::LabelMap::createFor(*m_volume).value());
    for (int j = 8; j < 14; ++j)
        for (int i = 10; i < 16; ++i)
            labels->at(i, j, 10) = 3;
    ui::LabelPalette palette;
    palette.setColor(3, QColor(255, 0, 0));
    m_view->setLabelPalette(palette);
    QVERIFY(m_view->setLabels(labels));
    ui::DisplaySettings* settings = m_view->displaySettings();
    settings->setFillOpacity(0.0);
    settings->setOutlineWidth(3.0);
    const auto& t = m_view->viewTransform();
    // The left edge of the label (between i = 9 and 10) at row j = 11; the inside stays unfilled.
    const ui::ScreenPoint edge = t.indexToScreen({9.5, 11, 10});
    const QColor onEdge = pixelAt(*m_view, {edge.x, edge.y});
    QVERIFY2(onEdge.red() > 200 && onEdge.green() < 60, qPrintable(onEdge.name()));
    QCOMPARE(pixelAt(*m_view, t.indexToScreen({12, 10, 10})), QColor(100, 100, 100));
}

void TestViewer::patientRightOnScreenLeft_data()
{
    QTest::addColumn<image::Mat3>("direction");
    QTest::addColumn<bool>("markerOnLeft");
    // LPS storage: i = 0 is the patient's rightmost column → screen left. RAS storage: the opposite.
    QTest::newRow("lps") << image::Mat3{1, 0, 0, 0, 1, 0, 0, 0, 1} << true;
    QTest::newRow("ras") << image::Mat3{-1, 0, 0, 0, -1, 0, 0, 0, 1} << false;
}

void TestViewer::patientRightOnScreenLeft()
{
    QFETCH(image::Mat3, direction);
    QFETCH(bool, markerOnLeft);
    m_volume = makeVolume(direction);
    for (int j = 0; j < 30; ++j)
        m_volume->at(0, j, 10) = kMarker; // column i = 0
    m_view->setVolume(m_volume);
    const QImage shot = m_view->grab().toImage();
    const int y = 150;
    const QColor left = shot.pixelColor(5, y);
    const QColor right = shot.pixelColor(394, y);
    QCOMPARE((markerOnLeft ? left : right).red(), 250);
    QCOMPARE((markerOnLeft ? right : left).red(), 100);
}

void TestViewer::planeSwitchGoesThroughLastVoxel()
{
    QSignalSpy planes(m_view.get(), &SliceView::planeChanged);
    const ui::ScreenPoint at = m_view->viewTransform().indexToScreen({30, 5, 10});
    hover(*m_view, at);
    m_view->setPlane(ViewPlane::Coronal);
    QCOMPARE(planes.count(), 1);
    QCOMPARE(m_view->sliceCount(), 30);
    QCOMPARE(m_view->sliceIndex(), 5);
    m_view->setPlane(ViewPlane::Sagittal);
    QCOMPARE(m_view->sliceCount(), 40);
}

// Issue 16.8: axial slice 3, coronal slice 7, back to axial → 3, back to coronal → 7 (per plane), even
// after the cursor pointed elsewhere.
void TestViewer::planeSwitchReturnsToItsSlice()
{
    QCOMPARE(m_view->plane(), ViewPlane::Axial);
    m_view->setSliceIndex(3);
    m_view->setPlane(ViewPlane::Coronal);
    m_view->setSliceIndex(7);
    hover(*m_view, m_view->viewTransform().indexToScreen({30, 20, 15}));
    m_view->setPlane(ViewPlane::Axial);
    QCOMPARE(m_view->sliceIndex(), 3);
    m_view->setPlane(ViewPlane::Coronal);
    QCOMPARE(m_view->sliceIndex(), 7);
    // A new volume forgets the slices of the old one: axial goes through the voxel under the cursor
    // (k = 15, hovered above), not to the 3 left on the previous volume.
    m_view->setVolume(m_volume);
    m_view->setPlane(ViewPlane::Axial);
    QCOMPARE(m_view->sliceIndex(), 15);
}

void TestViewer::labelsOnOtherGridRefused()
{
    image::Geometry other = m_volume->geometry();
    other.size[0] = 39;
    auto labels = std::make_shared<image::LabelMap>(image::LabelMap::create(other).value());
    QVERIFY(!m_view->setLabels(labels));
    QVERIFY(!m_view->labels());
}

void TestViewer::cinePlaysFrames()
{
    m_volume = makeVolume({1, 0, 0, 0, 1, 0, 0, 0, 1}, image::FrameKind::Temporal);
    m_volume->frameTimeMs = 10.0;
    m_view->setVolume(m_volume);
    m_view->setPlane(ViewPlane::Coronal); // ignored for cine
    QCOMPARE(m_view->plane(), ViewPlane::Axial);
    QCOMPARE(m_view->sliceCount(), 20);
    ui::CinePlayer player(m_view.get());
    QVERIFY(player.canPlay());
    QCOMPARE(player.frameIntervalMs(), 10);
    m_view->setSliceIndex(19);
    player.step();
    QCOMPARE(m_view->sliceIndex(), 0); // wraps
    QSignalSpy frames(m_view.get(), &SliceView::sliceChanged);
    player.play();
    QVERIFY(player.isPlaying());
    QTRY_VERIFY(frames.count() >= 3);
    player.pause();
    QVERIFY(!player.isPlaying());
}

DELINEATE_TEST_MAIN(TestViewer)
#include "tst_viewer.moc"
