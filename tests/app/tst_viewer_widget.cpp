// ViewerWidget: tool bar and actions stay in step with the view and the display settings (presets,
// window/level drags, planes, cine, labels) without feedback loops; the three-view layout's views meet
// at one cursor point.

#include "CinePlayer.h"
#include "DisplaySettings.h"
#include "support/QtTestMain.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAction>
#include <QComboBox>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QtTest>

#include <memory>

using namespace delineate;

namespace {

std::shared_ptr<image::Volume> makeVolume(const char* modality, float low, float high,
                                          image::FrameKind kind = image::FrameKind::Spatial)
{
    image::Geometry g;
    g.size = {32, 24, 16};
    auto volume = std::make_shared<image::Volume>(image::Volume::create(g).value());
    for (std::size_t v = 0; v < volume->elementCount(); ++v)
        volume->data()[v] = low + (high - low) * float(v % 97) / 96.0f;
    volume->modality = modality;
    volume->frameKind = kind;
    return volume;
}

QAction* actionNamed(const ui::ViewerWidget& viewer, const QString& text)
{
    for (QAction* action : viewer.viewActions())
        if (action->text().remove(QLatin1Char('&')) == text)
            return action;
    return nullptr;
}

QStringList presetIds(const QComboBox& combo)
{
    QStringList ids;
    for (int i = 0; i < combo.count(); ++i)
        ids << combo.itemData(i).toString();
    return ids;
}

} // namespace

class TestViewerWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void ctPresetsOnlyForHounsfieldUnits();
    void presetComboFollowsSettings();
    void planeActionsFollowView();
    void sliceSliderFollowsView();
    void cineDisablesPlanesAndPlays();
    void labelActionsNeedLabels();
    void threeViewsMeetAtOnePoint();

private:
    std::unique_ptr<ui::ViewerWidget> m_viewer;
    QComboBox* m_combo = nullptr;
};

void TestViewerWidget::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // the remembered layout goes to a test location
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_viewer_widget"));
    QSettings().remove(QStringLiteral("viewer/threeViews"));
}

void TestViewerWidget::init()
{
    m_viewer = std::make_unique<ui::ViewerWidget>();
    m_viewer->resize(700, 500);
    m_viewer->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_viewer.get()));
    m_combo = m_viewer->findChild<QComboBox*>();
    QVERIFY(m_combo);
}

void TestViewerWidget::cleanup()
{
    m_viewer.reset();
}

void TestViewerWidget::ctPresetsOnlyForHounsfieldUnits()
{
    m_viewer->setVolume(makeVolume("MR", 0, 800));
    QCOMPARE(presetIds(*m_combo), (QStringList{"auto", "custom"}));
    QCOMPARE(m_viewer->displaySettings()->presetId(), QStringLiteral("auto"));
    m_viewer->setVolume(makeVolume("CT", -1024, 2000));
    QVERIFY(presetIds(*m_combo).contains(QStringLiteral("ct-lung")));
    QCOMPARE(m_viewer->displaySettings()->presetId(), QStringLiteral("ct-soft-tissue"));
    QCOMPARE(m_combo->currentData().toString(), QStringLiteral("ct-soft-tissue"));
    // A NIfTI CT has no modality; its values give it away.
    m_viewer->setVolume(makeVolume("", -1024, 3000));
    QVERIFY(presetIds(*m_combo).contains(QStringLiteral("ct-bone")));
}

void TestViewerWidget::presetComboFollowsSettings()
{
    m_viewer->setVolume(makeVolume("CT", -1024, 2000));
    ui::DisplaySettings* settings = m_viewer->displaySettings();
    m_combo->setCurrentIndex(m_combo->findData(QStringLiteral("ct-bone")));
    Q_EMIT m_combo->activated(m_combo->currentIndex());
    QCOMPARE(settings->presetId(), QStringLiteral("ct-bone"));
    QCOMPARE(settings->window().width, 1800.0);
    // A window/level drag in the view makes it "custom", and the combo says so.
    ui::SliceView* view = m_viewer->sliceView();
    QTest::mousePress(view, Qt::RightButton, {}, QPoint(100, 100));
    QTest::mouseMove(view, QPoint(160, 130));
    QTest::mouseRelease(view, Qt::RightButton, {}, QPoint(160, 130));
    QCOMPARE(settings->presetId(), QStringLiteral("custom"));
    QCOMPARE(m_combo->currentData().toString(), QStringLiteral("custom"));
    // Choosing "custom" by hand changes nothing.
    const image::Window window = settings->window();
    Q_EMIT m_combo->activated(m_combo->findData(QStringLiteral("custom")));
    QCOMPARE(settings->window().width, window.width);
}

void TestViewerWidget::planeActionsFollowView()
{
    m_viewer->setVolume(makeVolume("MR", 0, 800));
    QAction* coronal = actionNamed(*m_viewer, QStringLiteral("Coronal"));
    QAction* axial = actionNamed(*m_viewer, QStringLiteral("Axial"));
    QVERIFY(coronal && axial);
    QVERIFY(coronal->isEnabled());
    coronal->trigger();
    QCOMPARE(m_viewer->sliceView()->plane(), ui::ViewPlane::Coronal);
    m_viewer->sliceView()->setPlane(ui::ViewPlane::Axial);
    QVERIFY(axial->isChecked());
    QVERIFY(!coronal->isChecked());
}

void TestViewerWidget::sliceSliderFollowsView()
{
    m_viewer->setVolume(makeVolume("MR", 0, 800));
    QSlider* slider = nullptr;
    for (QSlider* s : m_viewer->findChildren<QSlider*>())
        if (s->orientation() == Qt::Vertical)
            slider = s;
    QVERIFY(slider);
    QCOMPARE(slider->maximum(), 15);
    QCOMPARE(slider->value(), 8);
    m_viewer->sliceView()->stepSlice(3);
    QCOMPARE(slider->value(), 11);
    slider->setValue(2);
    QCOMPARE(m_viewer->sliceView()->sliceIndex(), 2);
}

void TestViewerWidget::cineDisablesPlanesAndPlays()
{
    m_viewer->setVolume(makeVolume("US", 0, 255, image::FrameKind::Temporal));
    QVERIFY(!actionNamed(*m_viewer, QStringLiteral("Sagittal"))->isEnabled());
    QAction* play = actionNamed(*m_viewer, QStringLiteral("Play Cine"));
    QVERIFY(play && play->isEnabled() && play->isVisible());
    play->trigger();
    QVERIFY(m_viewer->cinePlayer()->isPlaying());
    QVERIFY(play->isChecked());
    const qint64 start = m_viewer->sliceView()->sliceIndex();
    QTRY_VERIFY(m_viewer->sliceView()->sliceIndex() != start);
    // Opening another study stops the loop.
    m_viewer->setVolume(makeVolume("MR", 0, 800));
    QVERIFY(!m_viewer->cinePlayer()->isPlaying());
    QVERIFY(!play->isChecked());
    QVERIFY(!play->isVisible());
}

void TestViewerWidget::labelActionsNeedLabels()
{
    auto volume = makeVolume("MR", 0, 800);
    m_viewer->setVolume(volume);
    QAction* labels = actionNamed(*m_viewer, QStringLiteral("Show Labels"));
    QVERIFY(labels && !labels->isEnabled());
    QVERIFY(
        m_viewer->setLabels(std::make_shared<image::LabelMap>(image::LabelMap::createFor(*volume).value())));
    QVERIFY(labels->isEnabled());
    labels->trigger();
    QVERIFY(!m_viewer->displaySettings()->labelsVisible());
    m_viewer->displaySettings()->setLabelsVisible(true);
    QVERIFY(labels->isChecked());
}

void TestViewerWidget::threeViewsMeetAtOnePoint()
{
    m_viewer->setVolume(makeVolume("MR", 0, 100)); // 32 x 24 x 16, axes along LPS: axial = k
    const auto sides = m_viewer->sideViews();
    QVERIFY(!sides[0]->isVisible() && !sides[1]->isVisible());
    QVERIFY(!m_viewer->sliceView()->crosshair());
    QAction* three = actionNamed(*m_viewer, QStringLiteral("Three Views"));
    QVERIFY(three && three->isEnabled());
    three->trigger();
    QVERIFY(m_viewer->threeViews());
    QVERIFY(sides[0]->isVisible() && sides[1]->isVisible());
    QCOMPARE(sides[0]->plane(), ui::ViewPlane::Coronal);
    QCOMPARE(sides[1]->plane(), ui::ViewPlane::Sagittal);
    QVERIFY(sides[0]->isLocator() && !m_viewer->sliceView()->isLocator());
    // The main view narrows and stays fitted to its new size.
    QTRY_VERIFY(sides[0]->width() > 0 && m_viewer->sliceView()->width() < m_viewer->width() * 3 / 4);
    const ui::SliceViewTransform& main = m_viewer->sliceView()->viewTransform();
    QVERIFY(main.isFitted());
    QCOMPARE(main.viewportWidth(), double(m_viewer->sliceView()->width()));
    QCOMPARE(main.scale(), main.fitScale());
    QCOMPARE(sides[0]->volume(), m_viewer->sliceView()->volume());

    // The main view's slice moves the point along its normal; the other views' crosshairs follow.
    m_viewer->sliceView()->setSliceIndex(3);
    QCOMPARE(m_viewer->cursorPoint()[2], 3.0);
    QCOMPARE((*sides[0]->crosshair())[2], 3.0);
    QCOMPARE((*m_viewer->sliceView()->crosshair())[2], 3.0);

    // A click in the sagittal view moves the point there: the axial view goes to its k, the coronal view
    // to its j; the sagittal view stays on its slice.
    ui::SliceView* sagittal = sides[1];
    const qint64 sagittalSlice = sagittal->sliceIndex();
    const ui::ScreenPoint at = sagittal->viewTransform().indexToScreen({double(sagittalSlice), 5.0, 10.0});
    QTest::mouseClick(sagittal, Qt::LeftButton, {}, QPoint(int(at.x), int(at.y)));
    QCOMPARE(m_viewer->sliceView()->sliceIndex(), qint64(10));
    QCOMPARE(sides[0]->sliceIndex(), qint64(5));
    QCOMPARE(sagittal->sliceIndex(), sagittalSlice);
    QVERIFY(std::abs(m_viewer->cursorPoint()[1] - 5.0) < 0.5);

    // Scrolling a locator view moves the point along its normal; the main view keeps its slice.
    sides[0]->setSliceIndex(8);
    QCOMPARE(m_viewer->cursorPoint()[1], 8.0);
    QCOMPARE(m_viewer->sliceView()->sliceIndex(), qint64(10));

    // The main view's plane switch gives the side views the two others.
    m_viewer->sliceView()->setPlane(ui::ViewPlane::Sagittal);
    QCOMPARE(sides[0]->plane(), ui::ViewPlane::Axial);
    QCOMPARE(sides[1]->plane(), ui::ViewPlane::Coronal);

    // Labels and their edits reach every view.
    auto labels = std::make_shared<image::LabelMap>(
        image::LabelMap::createFor(*m_viewer->sliceView()->volume()).value());
    QVERIFY(m_viewer->setLabels(labels));
    QCOMPARE(sides[0]->labels(), std::shared_ptr<const image::LabelMap>(labels));
    QCOMPARE(sides[1]->labels(), std::shared_ptr<const image::LabelMap>(labels));

    // Remembered; cine loops have no planes, so no three views.
    QVERIFY(QSettings().value(QStringLiteral("viewer/threeViews")).toBool());
    m_viewer->setVolume(makeVolume("US", 0, 255, image::FrameKind::Temporal));
    QVERIFY(!three->isEnabled());
    QVERIFY(!sides[0]->isVisible());
    QVERIFY(!m_viewer->sliceView()->crosshair());
    m_viewer->setThreeViews(false);
    QVERIFY(!QSettings().value(QStringLiteral("viewer/threeViews")).toBool());
}

DELINEATE_TEST_MAIN(TestViewerWidget)
#include "tst_viewer_widget.moc"
