// The annotation workstation end to end (offscreen): open a study (Colin27, or a synthetic volume when
// mricron-data is missing), load the fixture MobileSAM (random weights: judge mechanics, not masks),
// click a SAM point with mouse events, wait for the proposal, press Enter, check the active label,
// undo / redo, save the project, reopen it in a fresh MainWindow and find the same voxels; reviewed
// slices, autosave recovery, the no-model panel, repeated clicks on a cached embedding, Esc and SAM Box.
// (The click-to-mask latency is measured by benchmarks/gui/bench_click_to_mask, not here.)

#include "GuiTestSetup.h"
#include "gui/AnnotationActions.h"
#include "gui/AutosaveController.h"
#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "gui/ModelPanel.h"
#include "gui/NoModelPanel.h"
#include "gui/ProjectController.h"
#include "inference/SamService.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "labeling/ToolController.h"
#include "project/ProjectStore.h"
#include "startup/AllocatorTuning.h"
#include "support/TestData.h"
#include "tools/SamBoxTool.h"
#include "tools/SamPointTool.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAction>
#include <QDockWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <array>
#include <filesystem>

// As the app's main() does, before any thread starts (QtTest's watchdog thread starts before
// initTestCase, and glibc fixes the arena limit at the first extra arena): one malloc arena, heap kept,
// so embeddings on the model thread do not page-fault their activations on every image.
static const bool kAllocatorTuned = (delineate::keepFreedMemoryForReuse(), true);

using namespace delineate;

namespace {

const QString kColin27 = delineate::test::colin27File();
const QString kFixture = delineate::test::samFixtureFile(QStringLiteral("vit_t.pth"));

void send(QWidget& widget, QEvent::Type type, QPointF at, Qt::MouseButton button, Qt::MouseButtons buttons)
{
    QMouseEvent event(type, at, widget.mapToGlobal(at), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(&widget, &event);
}

void click(QWidget& widget, QPointF at, Qt::MouseButton button = Qt::LeftButton)
{
    send(widget, QEvent::MouseButtonPress, at, button, button);
    send(widget, QEvent::MouseButtonRelease, at, button, Qt::NoButton);
}

// A study on disk: Colin27 when installed, else a synthetic NIfTI written by delineate_io.
QString studyPath(const QString& folder)
{
    if (QFileInfo::exists(kColin27))
        return kColin27;
    image::Geometry g;
    g.size = {96, 80, 12};
    auto volume = image::Volume::create(g).value();
    for (std::int64_t k = 0; k < 12; ++k)
        for (std::int64_t j = 0; j < 80; ++j)
            for (std::int64_t i = 0; i < 96; ++i)
                volume.at(i, j, k) = float((i - 48) * (i - 48) + (j - 40) * (j - 40) < 300 ? 200 : 40);
    const QString path = folder + QStringLiteral("/synthetic.nii.gz");
    if (!io::saveVolume(volume, path.toStdString()))
        qFatal("cannot write the synthetic study");
    return path;
}

} // namespace

class TestAnnotationWorkflow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void noModelPanelOffersGetModels();
    void samPointAcceptUndoRedoSaveReopen();
    void repeatedClicksEscapeAndBox();
    void sliceRangeSuggestions();

private:
    std::unique_ptr<app::MainWindow> openWindow(const QString& studyOrProject, bool project = false);
    void loadFixture(app::MainWindow& window);
    std::unique_ptr<app::MainWindow> openWithFixture(); // the study with the fixture model loaded

    QTemporaryDir m_dir;
    QString m_study;
};

void TestAnnotationWorkflow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_annotation_workflow"));
    delineate::test::forgetRecoveredEdits();
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_study = studyPath(m_dir.path());
}

std::unique_ptr<app::MainWindow> TestAnnotationWorkflow::openWindow(const QString& path, bool project)
{
    auto window = std::make_unique<app::MainWindow>();
    window->resize(1100, 800);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QApplication::setActiveWindow(window.get());
    QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
    if (project ? !window->openProject(path) : (window->openStudy(path), false))
        return nullptr;
    if (!opened.wait(60000))
        return nullptr;
    return window;
}

std::unique_ptr<app::MainWindow> TestAnnotationWorkflow::openWithFixture()
{
    auto window = openWindow(m_study);
    if (window)
        loadFixture(*window);
    return window;
}

void TestAnnotationWorkflow::loadFixture(app::MainWindow& window)
{
    if (window.samService()->hasModel())
        return;
    QSignalSpy loaded(window.samService(), &ui::SamService::modelLoaded);
    window.models()->load(kFixture);
    QVERIFY(loaded.wait(120000));
}

void TestAnnotationWorkflow::noModelPanelOffersGetModels()
{
    QSettings().clear();
    app::MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.models()->panelDock()->isVisible());
    // Issue 16.6: no download by hand any more; the panel points at Get Models… and Choose Local File… and
    // lists the catalogue (expected entries taken from models/catalogue.json: MobileSAM's title and size).
    const QString text = app::NoModelPanel::instructions();
    QVERIFY(text.contains(QStringLiteral("Get Models")));
    QVERIFY(text.contains(QStringLiteral("Choose Local File")));
    QVERIFY(text.contains(QStringLiteral("MobileSAM (ViT-T / TinyViT)")));
    QVERIFY(text.contains(QStringLiteral("39 MB")));
}

void TestAnnotationWorkflow::samPointAcceptUndoRedoSaveReopen()
{
    DELINEATE_REQUIRE_FILE(kFixture);
    auto window = openWindow(m_study);
    QVERIFY(window);
    loadFixture(*window);
    QVERIFY(window->models()->statusText().contains(QStringLiteral("vit_t")));
    QVERIFY(window->models()->modelPanel()->isVisibleTo(
        window->models()->panelDock())); // the dock shows the model

    ui::SliceView* view = window->viewer()->sliceView();
    window->tools()->setActiveTool(ui::SamPointTool::kId);
    QSignalSpy painted(view, &ui::SliceView::proposalPainted);
    const QPointF centre(view->width() / 2.0, view->height() / 2.0);
    click(*view, centre);
    QVERIFY(painted.wait(300000));
    const ui::ProposalOverlay proposal = view->proposal();
    QCOMPARE(proposal.points.size(), std::size_t(1));
    const auto inside = std::count(proposal.mask.pixels.begin(), proposal.mask.pixels.end(), 1);
    qInfo("proposal: %lld of %zu pixels", qlonglong(inside), proposal.mask.pixels.size());
    // A right click refines the same proposal (negative point, previous logits as mask input).
    click(*view, centre + QPointF(40, 30), Qt::RightButton);
    QVERIFY(painted.wait(120000));
    QCOMPARE(view->proposal().points.size(), std::size_t(2));
    QVERIFY(!view->proposal().points[1].positive);
    const auto refined = view->proposal().mask;
    const auto refinedInside = std::count(refined.pixels.begin(), refined.pixels.end(), 1);
    // The model under test must propose something to accept: an empty proposal is a failure.
    QVERIFY2(refinedInside > 0, "the refined SAM proposal is empty");

    ui::LabelSession* session = window->labelSession();
    const auto active = session->activeLabel();
    QCOMPARE(session->labels()->count(active), 0);
    QVERIFY(window->annotationActions()->acceptAction()->isEnabled());
    QTest::keyClick(view, Qt::Key_Return);
    QVERIFY(view->proposal().empty());
    QCOMPARE(session->labels()->count(active), std::int64_t(refinedInside));
    QCOMPARE(window->annotationActions()->undoAction()->text(), QStringLiteral("&Undo SAM proposal"));

    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(session->labels()->count(active), 0);
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(session->labels()->count(active), std::int64_t(refinedInside));
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_Y, Qt::ControlModifier);
    QCOMPARE(session->labels()->count(active), std::int64_t(refinedInside));
    QVERIFY(session->modified());

    // Reviewed slice (M), saved with the project.
    QTest::keyClick(view, Qt::Key_M);
    QVERIFY(window->project()->isReviewed(view->viewTransform().normalAxis(), view->sliceIndex()));

    const QString folder = m_dir.filePath(QStringLiteral("project"));
    QVERIFY(window->saveProject(folder).ok());
    QVERIFY(!session->modified());
    const QString exported = m_dir.filePath(QStringLiteral("export/labels.nii.gz"));
    QDir().mkpath(QFileInfo(exported).path());
    QVERIFY(window->project()->exportLabels(exported, false).ok());
    QVERIFY(window->project()->exportLabels(exported, true).ok());
    QVERIFY(QFileInfo::exists(exported));
    QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("export/labels.json"))));
    const image::LabelMap before = *session->labels();
    const std::int64_t slice = view->sliceIndex();
    window.reset();

    auto reopened = openWindow(folder, true);
    QVERIFY(reopened);
    const auto& after = *reopened->labelSession()->labels();
    QCOMPARE(after.count(active), std::int64_t(refinedInside));
    QVERIFY(std::equal(before.data(), before.data() + before.voxelCount(), after.data()));
    QVERIFY(reopened->project()->isReviewed(image::SliceAxis::K, slice));

    // Autosave: an edit, the autosave, a fresh window recovers it.
    reopened->tools()->setActiveTool("brush");
    ui::SliceView* view2 = reopened->viewer()->sliceView();
    click(*view2, QPointF(view2->width() / 2.0, view2->height() / 2.0));
    const image::LabelMap edited = *reopened->labelSession()->labels();
    QVERIFY(reopened->labelSession()->modified());
    QSignalSpy autosaved(reopened->autosave(), &app::AutosaveController::autosaved);
    QVERIFY(autosaved.wait(app::AutosaveController::kAutosaveDelayMs + 10000));
    reopened.reset();
    auto recovered = openWindow(folder, true);
    QVERIFY(recovered);
    const auto& restored = *recovered->labelSession()->labels();
    QVERIFY(std::equal(edited.data(), edited.data() + edited.voxelCount(), restored.data()));
}

// New points and refinements on the slice whose embedding is cached: each click paints a proposal.
void TestAnnotationWorkflow::repeatedClicksEscapeAndBox()
{
    DELINEATE_REQUIRE_FILE(kFixture);
    auto window = openWithFixture();
    QVERIFY(window);
    ui::SliceView* view = window->viewer()->sliceView();
    window->tools()->setActiveTool(ui::SamPointTool::kId);
    QSignalSpy painted(view, &ui::SliceView::proposalPainted);
    const QPointF centre(view->width() / 2.0, view->height() / 2.0);
    click(*view, centre); // embeds (first click on this slice)
    QVERIFY(painted.wait(300000));
    window->samAssistant()->reject();
    // Let the prefetching of neighbouring slices finish: the clicks below decode only.
    QSignalSpy idle(window->samService(), &ui::SamService::idle);
    while (!window->samService()->isIdle())
        QVERIFY(idle.wait(300000));

    for (int i = 0; i < 24; ++i) {
        const QPointF at = centre + QPointF((i % 5 - 2) * 12, (i / 5 - 2) * 12);
        const bool refining = i % 2 == 1;
        if (!refining)
            window->samAssistant()->reject();
        painted.clear();
        click(*view, at, refining ? Qt::RightButton : Qt::LeftButton);
        QVERIFY(painted.wait(120000));
        QCOMPARE(view->proposal().points.size(), std::size_t(refining ? 2 : 1));
    }

    // Esc rejects the proposal: nothing lands in the labels.
    ui::LabelSession* session = window->labelSession();
    const auto before = session->labels()->count(session->activeLabel());
    QVERIFY(!view->proposal().empty());
    QTest::keyClick(view, Qt::Key_Escape);
    QVERIFY(view->proposal().empty());
    QCOMPARE(session->labels()->count(session->activeLabel()), before);

    // SAM Box: a dragged box is the prompt (no points), drawn with the proposal.
    window->tools()->setActiveTool(ui::SamBoxTool::kId);
    painted.clear();
    send(*view, QEvent::MouseButtonPress, centre - QPointF(40, 30), Qt::LeftButton, Qt::LeftButton);
    send(*view, QEvent::MouseMove, centre, Qt::NoButton, Qt::LeftButton);
    send(*view, QEvent::MouseMove, centre + QPointF(40, 30), Qt::NoButton, Qt::LeftButton);
    send(*view, QEvent::MouseButtonRelease, centre + QPointF(40, 30), Qt::LeftButton, Qt::NoButton);
    QVERIFY(painted.wait(120000));
    QVERIFY(view->proposal().box.has_value());
    QVERIFY(view->proposal().points.empty());
    QVERIFY(view->proposal().box->x1 - view->proposal().box->x0 > 10);
    QTest::keyClick(view, Qt::Key_Escape);
    QVERIFY(view->proposal().empty());
}

DELINEATE_TEST_MAIN(TestAnnotationWorkflow)
// Range marks ([ and ]) on two slices, Shift+R: prompt-free suggestions for exactly those slices, one
// batch with progress; Enter accepts them and nothing lands outside the range.
void TestAnnotationWorkflow::sliceRangeSuggestions()
{
    DELINEATE_REQUIRE_FILE(kFixture);
    auto window = openWithFixture();
    QVERIFY(window);
    ui::SliceView* view = window->viewer()->sliceView();
    app::AnnotationActions* actions = window->annotationActions();
    const qint64 first = view->sliceCount() / 2 - 1;
    const qint64 last = first + 2;
    view->setSliceIndex(last);
    QTest::keyClick(view, Qt::Key_BracketRight);
    view->setSliceIndex(first);
    actions->rangeStartAction()->trigger();
    QSignalSpy progress(window->samAssistant(), &ui::SamAssistant::batchProgress);
    QSignalSpy running(window->samAssistant(), &ui::SamAssistant::batchRunningChanged);
    QTest::keyClick(view, Qt::Key_R, Qt::ShiftModifier);
    QVERIFY(!running.isEmpty() && running.first().first().toBool());
    QCOMPARE(progress.first().at(1).toInt(), 3); // total: slices first..last
    QTRY_VERIFY_WITH_TIMEOUT(!window->samAssistant()->batchRunning(), 300000);
    QCOMPARE(progress.last().at(0).toInt(), 3);
    QVERIFY2(window->samAssistant()->hasProposal(), "the range suggestions are all empty");
    QTest::keyClick(view, Qt::Key_Return);
    const image::LabelMap& labels = *window->labelSession()->labels();
    const auto size = labels.geometry().size;
    const auto axis = static_cast<std::size_t>(view->viewTransform().normalAxis()); // 0 = I, 1 = J, 2 = K
    std::int64_t inside = 0, outside = 0;
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i)
                if (labels.at(i, j, k) != 0) {
                    const std::int64_t slice = std::array<std::int64_t, 3>{i, j, k}[axis];
                    ++(slice >= first && slice <= last ? inside : outside);
                }
    QVERIFY(inside > 0);
    QCOMPARE(outside, std::int64_t(0));
}

#include "tst_annotation_workflow.moc"
