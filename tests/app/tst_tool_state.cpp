// The tool bar tells the truth (issue 16.1, 16.4), in the main window (offscreen): one tool highlighted
// whichever way it was chosen (setActiveTool, key, Tools menu, tool bar button) and it is the tool the
// view uses, so a left drag pans only while Navigate is shown; "Overwrite other labels" in the tool bar
// drives the brush, and a stroke that kept other labels' voxels says how many in the status bar; the
// brush outline under the cursor has the brush's radius; the radius is in px for a picture without
// physical spacing.

#include "GuiTestSetup.h"
#include "gui/MainWindow.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "labeling/ToolController.h"
#include "labeling/ToolSettings.h"
#include "support/QtTestMain.h"
#include "tools/NavigateTool.h"
#include "tools/PaintTool.h"
#include "tools/PolygonTool.h"
#include "tools/SamPointTool.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QDoubleSpinBox>
#include <QImage>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QtTest>

#include <algorithm>

using namespace delineate;
using Value = image::LabelMap::Value;

namespace {

void send(QWidget& widget, QEvent::Type type, QPointF at, Qt::MouseButton button, Qt::MouseButtons buttons)
{
    QMouseEvent event(type, at, widget.mapToGlobal(at), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(&widget, &event);
}

void leftDrag(QWidget& widget, QPointF from, QPointF to)
{
    send(widget, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    send(widget, QEvent::MouseMove, (from + to) / 2, Qt::NoButton, Qt::LeftButton);
    send(widget, QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);
    send(widget, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

} // namespace

class TestToolState : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void toolBarFollowsEveryWayOfSwitching();
    void overwriteToggleAndKeptVoxels();
    void brushOutlineHasTheRadius();
    void radiusInPixelsWithoutPhysicalSpacing();

private:
    void open(const QString& path);
    void checkBar(const std::string& expected);
    QAction* toolAction(const std::string& id) const;
    QToolBar* toolBar() const { return m_window->findChild<QToolBar*>(QStringLiteral("toolsToolBar")); }
    [[nodiscard]] ui::SliceView* view() const { return m_window->viewer()->sliceView(); }
    QPointF screenOf(double x, double y) const
    {
        const ui::ScreenPoint p = view()->viewTransform().slicePixelToScreen(x, y);
        return {p.x - 0.5, p.y - 0.5};
    }

    QTemporaryDir m_dir;
    QString m_volumePath;
    QString m_picturePath;
    std::unique_ptr<app::MainWindow> m_window;
};

void TestToolState::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_tool_state"));
    delineate::test::forgetRecoveredEdits();
    QVERIFY(m_dir.isValid());
    image::Geometry g;
    g.size = {40, 30, 6};
    g.spacing = {1.0, 1.0, 2.0};
    auto volume = image::Volume::create(g, 1, image::ComponentType::Int16).value();
    for (std::size_t v = 0; v < volume.elementCount(); ++v)
        volume.data()[v] = float(v % 97);
    m_volumePath = m_dir.filePath(QStringLiteral("grid.nii.gz"));
    QVERIFY(io::saveVolume(volume, m_volumePath.toStdString()).ok());
    QImage picture(40, 30, QImage::Format_Grayscale8);
    picture.fill(120);
    m_picturePath = m_dir.filePath(QStringLiteral("photo.png"));
    QVERIFY(picture.save(m_picturePath));
}

void TestToolState::init()
{
    m_window = std::make_unique<app::MainWindow>();
    m_window->resize(1200, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestToolState::cleanup()
{
    if (m_window)
        m_window->labelSession()->markSaved(); // no question on close
    m_window.reset();
}

void TestToolState::open(const QString& path)
{
    QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
    m_window->openStudy(path);
    QVERIFY(opened.wait(10000));
}

QAction* TestToolState::toolAction(const std::string& id) const
{
    for (QAction* action : m_window->tools()->actions())
        if (action->data().toString().toStdString() == id)
            return action;
    return nullptr;
}

// Exactly the action of `expected` is checked, in the group and on the tool bar's buttons, and it is the
// tool the view uses.
void TestToolState::checkBar(const std::string& expected)
{
    QCOMPARE(m_window->tools()->activeTool(), expected);
    QVERIFY(view()->tool());
    QCOMPARE(view()->tool()->id(), expected);
    int checked = 0;
    for (QAction* action : m_window->tools()->actions()) {
        const bool mine = action->data().toString().toStdString() == expected;
        QVERIFY2(action->isChecked() == mine, qPrintable(action->text()));
        auto* button = qobject_cast<QToolButton*>(toolBar()->widgetForAction(action));
        QVERIFY(button);
        QVERIFY2(button->isChecked() == mine, qPrintable(QStringLiteral("button ") + action->text()));
        checked += action->isChecked() ? 1 : 0;
    }
    QCOMPARE(checked, 1);
}

void TestToolState::toolBarFollowsEveryWayOfSwitching()
{
    open(m_volumePath);
    checkBar(ui::NavigateTool::kId);
    // setActiveTool (as the SAM assistant and the test harness call it).
    m_window->tools()->setActiveTool(ui::PaintTool::kBrushId);
    checkBar(ui::PaintTool::kBrushId);
    // Key.
    QTest::keyClick(view(), Qt::Key_V);
    checkBar(ui::NavigateTool::kId);
    QTest::keyClick(view(), Qt::Key_E);
    checkBar(ui::PaintTool::kEraserId);
    // Tools menu, clicked.
    QMenu* menu = nullptr;
    for (QAction* top : m_window->menuBar()->actions())
        if (top->menu() && top->menu()->actions().contains(toolAction(ui::PolygonTool::kFillId)))
            menu = top->menu();
    QVERIFY(menu);
    menu->popup(m_window->mapToGlobal(QPoint(10, 10)));
    QVERIFY(QTest::qWaitForWindowExposed(menu));
    QTest::mouseClick(menu, Qt::LeftButton, {},
                      menu->actionGeometry(toolAction(ui::PolygonTool::kFillId)).center());
    checkBar(ui::PolygonTool::kFillId);
    // Tool bar button.
    QTest::mouseClick(toolBar()->widgetForAction(toolAction(ui::SamPointTool::kId)), Qt::LeftButton);
    checkBar(ui::SamPointTool::kId);

    // The case seen by a user: Brush chosen by code, then the Navigate button; a left drag pans and
    // paints nothing, and Brush is not highlighted while it does.
    m_window->tools()->setActiveTool(ui::PaintTool::kBrushId);
    QTest::mouseClick(toolBar()->widgetForAction(toolAction(ui::NavigateTool::kId)), Qt::LeftButton);
    checkBar(ui::NavigateTool::kId);
    QSignalSpy panned(view(), &ui::SliceView::viewChanged);
    leftDrag(*view(), screenOf(10, 10), screenOf(20, 15));
    QVERIFY(!panned.isEmpty());
    QCOMPARE(m_window->labelSession()->labels()->count(1), std::int64_t(0));
    checkBar(ui::NavigateTool::kId);
    // And back with the key: the drag paints.
    QTest::keyClick(view(), Qt::Key_B);
    checkBar(ui::PaintTool::kBrushId);
    leftDrag(*view(), screenOf(10, 10), screenOf(20, 15));
    QVERIFY(m_window->labelSession()->labels()->count(1) > 0);
}

// Hand count: a 3×3 block of "Brain" under a 3 mm brush click on 1 mm voxels (every block voxel lies
// within sqrt(2) voxels of the click) keeps 9 voxels with the toggle off and none with it on.
void TestToolState::overwriteToggleAndKeptVoxels()
{
    open(m_volumePath);
    ui::LabelSession* session = m_window->labelSession();
    const Value brain = session->addLabel(QStringLiteral("Brain"));
    QVERIFY(brain != 0);
    const std::int64_t slice = view()->sliceIndex();
    image::Image2D<std::uint8_t> block{40, 30, 1, std::vector<std::uint8_t>(40 * 30)};
    for (int y = 14; y <= 16; ++y)
        for (int x = 19; x <= 21; ++x)
            block.at(x, y) = 1;
    session->applyMasks("Brain block", image::SliceAxis::K, {{slice, block}});
    QCOMPARE(session->labels()->count(brain), std::int64_t(9));
    session->setActiveLabel(1);

    QAction* overwrite = m_window->tools()->overwriteAction();
    QVERIFY(toolBar()->actions().contains(overwrite));
    QVERIFY(!overwrite->isChecked());
    QTest::keyClick(view(), Qt::Key_B);
    QCOMPARE(m_window->tools()->settings()->brushRadiusMm(), 3.0);
    QSignalSpy kept(session, &ui::LabelSession::keptVoxels);
    leftDrag(*view(), screenOf(20, 15), screenOf(20, 15));
    QCOMPARE(kept.count(), 1);
    QCOMPARE(kept.last().at(0).toString(), QStringLiteral("9 voxels kept for Brain"));
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("9 voxels kept for Brain"));
    QCOMPARE(session->labels()->count(brain), std::int64_t(9));

    QTest::mouseClick(toolBar()->widgetForAction(overwrite), Qt::LeftButton);
    QVERIFY(overwrite->isChecked());
    QVERIFY(m_window->tools()->settings()->overwriteOtherLabels());
    leftDrag(*view(), screenOf(20, 15), screenOf(20, 15));
    QCOMPARE(kept.count(), 1); // nothing kept
    QCOMPARE(session->labels()->count(brain), std::int64_t(0));

    // Locked labels stay protected with the toggle on.
    session->undo();
    QCOMPARE(session->labels()->count(brain), std::int64_t(9));
    QVERIFY(session->setLabelLocked(brain, true));
    leftDrag(*view(), screenOf(20, 15), screenOf(20, 15));
    QCOMPARE(kept.count(), 2);
    QCOMPARE(session->labels()->count(brain), std::int64_t(9));
    // The setting drives the toggle too (one setting, bound both ways).
    m_window->tools()->settings()->setOverwriteOtherLabels(false);
    QVERIFY(!overwrite->isChecked());
}

// Hand computation: radius r mm on the axial plane of 1 × 1 mm pixels spans ±r pixels around the cursor;
// on the coronal plane the vertical axis is k with 2 mm spacing, so ±r/2 pixels.
void TestToolState::brushOutlineHasTheRadius()
{
    open(m_volumePath);
    QTest::keyClick(view(), Qt::Key_B);
    m_window->tools()->settings()->setBrushRadiusMm(5.0);
    QCOMPARE(view()->brushOutline(), 5.0);
    const QPointF at = screenOf(20, 15);
    send(*view(), QEvent::MouseMove, at, Qt::NoButton, Qt::NoButton);
    const auto extent = [this] {
        const ui::ToolPreview outline = view()->brushOutlineAtCursor();
        std::array<double, 4> box{1e9, -1e9, 1e9, -1e9};
        for (const auto& [x, y] : outline.points) {
            box[0] = std::min(box[0], x);
            box[1] = std::max(box[1], x);
            box[2] = std::min(box[2], y);
            box[3] = std::max(box[3], y);
        }
        return std::array<double, 2>{box[1] - box[0], box[3] - box[2]};
    };
    QVERIFY(view()->brushOutlineAtCursor().closed);
    QVERIFY(qAbs(extent()[0] - 10.0) < 1e-6);
    QVERIFY(qAbs(extent()[1] - 10.0) < 0.05); // 64-gon: the top and bottom vertices lie on the circle
    view()->setPlane(ui::ViewPlane::Coronal);
    send(*view(), QEvent::MouseMove, QPointF(view()->width() / 2.0, view()->height() / 2.0), Qt::NoButton,
         Qt::NoButton);
    QVERIFY(qAbs(extent()[0] - 10.0) < 1e-6);
    QVERIFY(qAbs(extent()[1] - 5.0) < 0.05);
    // No outline for the navigate tool.
    QTest::keyClick(view(), Qt::Key_V);
    QVERIFY(view()->brushOutlineAtCursor().points.empty());
}

void TestToolState::radiusInPixelsWithoutPhysicalSpacing()
{
    auto* radius = toolBar()->findChild<QDoubleSpinBox*>();
    QVERIFY(radius);
    open(m_volumePath);
    QCOMPARE(radius->suffix(), QStringLiteral(" mm"));
    open(m_picturePath);
    QVERIFY(!view()->volume()->geometry().physicalSpacing);
    QCOMPARE(radius->suffix(), QStringLiteral(" px"));
    open(m_volumePath);
    QCOMPARE(radius->suffix(), QStringLiteral(" mm"));
}

DELINEATE_TEST_MAIN(TestToolState)
#include "tst_tool_state.moc"
