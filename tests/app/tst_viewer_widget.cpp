// ViewerWidget: tool bar and actions stay in step with the view and the display settings (presets,
// window/level drags, planes, cine, labels) without feedback loops.

#include "viewer/CinePlayer.h"
#include "viewer/DisplaySettings.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAction>
#include <QComboBox>
#include <QSlider>
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
    void init();
    void cleanup();
    void ctPresetsOnlyForHounsfieldUnits();
    void presetComboFollowsSettings();
    void planeActionsFollowView();
    void sliceSliderFollowsView();
    void cineDisablesPlanesAndPlays();
    void labelActionsNeedLabels();

private:
    std::unique_ptr<ui::ViewerWidget> m_viewer;
    QComboBox* m_combo = nullptr;
};

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

QTEST_MAIN(TestViewerWidget)
#include "tst_viewer_widget.moc"
