// The Labels menu's slice operations in the running window (offscreen): fill holes by its shortcut (H),
// undo and redo it; keep largest component, smooth and interpolate between slices each one undo step;
// and Help > Keyboard Shortcuts (F1), a non-modal list generated from the window's actions.

#include "GuiTestSetup.h"
#include "gui/AnnotationActions.h"
#include "gui/MainWindow.h"
#include "gui/ShortcutsDialog.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "support/QtTestMain.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAction>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace delineate;

namespace {

using Mask = image::Image2D<std::uint8_t>;

// A ring (outer radius 12, inner 6) around (cx, cy), plus optionally a separate small blob.
Mask ring(int width, int height, int cx, int cy, bool blob)
{
    Mask mask{width, height, 1, std::vector<std::uint8_t>(std::size_t(width) * height, 0)};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const int d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            if ((d2 <= 144 && d2 > 36) || (blob && std::abs(x - 8) <= 2 && std::abs(y - 8) <= 2))
                mask.at(x, y) = 1;
        }
    return mask;
}

std::int64_t countOnSlice(const ui::LabelSession& session, image::SliceAxis axis, std::int64_t slice)
{
    const auto pixels = image::extractLabelSlice(*session.labels(), axis, slice);
    return std::count(pixels.pixels.begin(), pixels.pixels.end(), session.activeLabel());
}

} // namespace

class TestLabelOperationsGui : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fillHolesUndoRedo();
    void keepLargestSmoothInterpolate();
    void shortcutsDialogListsActions();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<app::MainWindow> m_window;
};

void TestLabelOperationsGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_label_operations_gui"));
    delineate::test::forgetRecoveredEdits();
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    image::Geometry g;
    g.size = {64, 56, 10};
    auto volume = image::Volume::create(g).value();
    for (std::int64_t k = 0; k < 10; ++k)
        for (std::int64_t j = 0; j < 56; ++j)
            for (std::int64_t i = 0; i < 64; ++i)
                volume.at(i, j, k) = float(i + j);
    const QString path = m_dir.filePath(QStringLiteral("synthetic.nii.gz"));
    QVERIFY(io::saveVolume(volume, path.toStdString()));

    m_window = std::make_unique<app::MainWindow>();
    m_window->resize(1000, 760);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QApplication::setActiveWindow(m_window.get());
    QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
    m_window->openStudy(path);
    QVERIFY(opened.wait(60000));
}

void TestLabelOperationsGui::fillHolesUndoRedo()
{
    ui::LabelSession* session = m_window->labelSession();
    ui::SliceView* view = m_window->viewer()->sliceView();
    const image::SliceAxis axis = view->viewTransform().normalAxis();
    const std::int64_t slice = view->sliceIndex();
    const auto shape = image::extractLabelSlice(*session->labels(), axis, slice);
    session->applyMasks("Test ring", axis, {{slice, ring(shape.width, shape.height, 32, 28, false)}});
    const std::int64_t ringCount = countOnSlice(*session, axis, slice);
    QVERIFY(ringCount > 0);

    QAction* fill = m_window->annotationActions()->fillHolesAction();
    QCOMPARE(fill->shortcut(), QKeySequence(QStringLiteral("H")));
    view->setFocus();
    QTest::keyClick(view, Qt::Key_H);
    const std::int64_t filled = countOnSlice(*session, axis, slice);
    QVERIFY2(filled > ringCount, qPrintable(QStringLiteral("%1 -> %2").arg(ringCount).arg(filled)));
    QCOMPARE(m_window->annotationActions()->undoAction()->text(), QStringLiteral("&Undo Fill holes"));

    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(countOnSlice(*session, axis, slice), ringCount);
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(countOnSlice(*session, axis, slice), filled);
    session->undo();
    session->undo(); // the ring too: the slice is empty again
    QCOMPARE(countOnSlice(*session, axis, slice), 0);
}

void TestLabelOperationsGui::keepLargestSmoothInterpolate()
{
    ui::LabelSession* session = m_window->labelSession();
    ui::SliceView* view = m_window->viewer()->sliceView();
    app::AnnotationActions* actions = m_window->annotationActions();
    const image::SliceAxis axis = view->viewTransform().normalAxis();
    const std::int64_t slice = view->sliceIndex();
    const auto shape = image::extractLabelSlice(*session->labels(), axis, slice);
    const Mask withBlob = ring(shape.width, shape.height, 32, 28, true);
    session->applyMasks("Test ring", axis, {{slice, withBlob}});
    const std::int64_t before = countOnSlice(*session, axis, slice);

    actions->keepLargestAction()->trigger();
    QCOMPARE(countOnSlice(*session, axis, slice), before - 25); // the 5 x 5 blob is gone
    QCOMPARE(actions->undoAction()->text(), QStringLiteral("&Undo Keep largest component"));
    session->undo();
    QCOMPARE(countOnSlice(*session, axis, slice), before);

    actions->smoothAction()->trigger();
    QCOMPARE(actions->undoAction()->text(), QStringLiteral("&Undo Smooth"));
    session->undo();
    QCOMPARE(countOnSlice(*session, axis, slice), before);
    session->undo(); // the ring
    QCOMPARE(countOnSlice(*session, axis, slice), 0);

    // Interpolate: labels on slice s and s + 4 (view on s + 2) fill s + 1 .. s + 3.
    const std::int64_t first = std::max<std::int64_t>(0, slice - 2);
    const std::int64_t last = first + 4;
    session->applyMasks("Test ring", axis, {{first, withBlob}, {last, withBlob}});
    view->setSliceIndex(first + 2);
    QCOMPARE(countOnSlice(*session, axis, first + 2), 0);
    QSignalSpy edited(session, &ui::LabelSession::labelsChanged);
    actions->interpolateAction()->trigger();
    QCOMPARE(edited.count(), 1);
    for (std::int64_t k = first + 1; k < last; ++k)
        QVERIFY(countOnSlice(*session, axis, k) > 0);
    session->undo();
    QCOMPARE(countOnSlice(*session, axis, first + 2), 0);
}

void TestLabelOperationsGui::shortcutsDialogListsActions()
{
    QVERIFY(!m_window->shortcutsDialog());
    QTest::keyClick(m_window->viewer()->sliceView(), Qt::Key_F1);
    app::ShortcutsDialog* dialog = m_window->shortcutsDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->isModal());
    const auto entries = app::ShortcutsDialog::collect(m_window->menuBar(), m_window->actions());
    const auto gestures = app::ShortcutsDialog::mouseGestures();
    QCOMPARE(dialog->rowCount(), int(entries.size() + gestures.size()));
    // Issue 16.8: the mouse gestures are listed too (window/level by right drag, zoom by Ctrl+wheel).
    auto gesture = [&](const QString& keys) {
        return std::any_of(gestures.begin(), gestures.end(),
                           [&](const auto& e) { return e.shortcut == keys; });
    };
    QVERIFY(gesture(QStringLiteral("Right drag")));
    QVERIFY(gesture(QStringLiteral("Ctrl+wheel")));
    QVERIFY(gesture(QStringLiteral("Middle drag, Space+left drag")));
    auto has = [&](const QString& action, const QString& keys) {
        return std::any_of(entries.begin(), entries.end(),
                           [&](const auto& e) { return e.action == action && e.shortcut == keys; });
    };
    QVERIFY(has(QStringLiteral("Fill Holes"), QStringLiteral("H")));
    QVERIFY(std::any_of(entries.begin(), entries.end(), [](const auto& e) {
        return e.action.startsWith(QStringLiteral("Undo")) &&
               e.shortcut == QKeySequence(QStringLiteral("Ctrl+Z")).toString(QKeySequence::NativeText);
    }));
    QVERIFY(has(QStringLiteral("Keyboard Shortcuts"), QStringLiteral("F1")));
    QVERIFY(has(QStringLiteral("Brush"), QStringLiteral("B")));
    // Every menu action that has a shortcut is listed; the window stays usable (non-modal).
    QVERIFY(m_window->isEnabled());
    for (QAction* top : m_window->menuBar()->actions())
        for (QAction* action : top->menu()->actions())
            if (!action->shortcut().isEmpty() && !action->menu())
                QVERIFY2(std::any_of(entries.begin(), entries.end(),
                                     [&](const auto& e) {
                                         return e.shortcut.contains(
                                             action->shortcut().toString(QKeySequence::NativeText));
                                     }),
                         qPrintable(action->text()));
    dialog->close();
}

DELINEATE_TEST_MAIN(TestLabelOperationsGui)
#include "tst_label_operations_gui.moc"
