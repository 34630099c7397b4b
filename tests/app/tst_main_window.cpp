// MainWindow end to end (offscreen): empty state, failures shown in a non-modal dialog without a crash,
// a NIfTI written by delineate_io opened in the viewer, recent studies, on the Colin27 demo study
// with the AAL atlas: the patient's right hemisphere on the screen's left; File > Study Information
// lists what the loader noted (an ultrasound cine: palette colour, no physical spacing).

#include "GuiTestSetup.h"
#include "gui/ErrorDialog.h"
#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "gui/RecentStudies.h"
#include "gui/StudyInfoDialog.h"
#include "inference/SamService.h"
#include "io/StudyLoader.h"
#include "support/TestData.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QMimeData>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace delineate;

namespace {

const QString kColin27 = delineate::test::colin27File();
const QString kAal = QStringLiteral("/usr/share/mricron/templates/aal.nii.gz");

// Hovering with no button pressed (QTest::mouseMove needs a pressed button to reach offscreen widgets).
ui::CursorReadout hover(ui::SliceView& view, QPoint at)
{
    QSignalSpy spy(&view, &ui::SliceView::cursorMoved);
    QMouseEvent event(QEvent::MouseMove, QPointF(at), view.mapToGlobal(QPointF(at)), Qt::NoButton,
                      Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(&view, &event);
    return spy.isEmpty() ? ui::CursorReadout{} : spy.last().at(0).value<ui::CursorReadout>();
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void emptyStateWithoutStudy();
    void missingFileShowsNonModalError();
    void corruptFileShowsError();
    void opensNiftiWrittenByIo();
    void dropOpensStudy();
    void colin27RightHemisphereOnScreenLeft();
    void embeddingCacheSizeIsASetting();
    void studyInformationShowsLoaderNotes();

private:
    std::unique_ptr<app::MainWindow> m_window;
    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_main_window"));
    delineate::test::forgetRecoveredEdits();
    QVERIFY(m_dir.isValid());
}

void TestMainWindow::init()
{
    m_window = std::make_unique<app::MainWindow>();
    m_window->recentStudies()->clear();
    m_window->resize(900, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::emptyStateWithoutStudy()
{
    auto* stack = qobject_cast<QStackedWidget*>(m_window->centralWidget());
    QVERIFY(stack);
    QVERIFY(stack->currentWidget() != m_window->viewer());
    QVERIFY(!m_window->study().study);
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Delineate"));
}

void TestMainWindow::missingFileShowsNonModalError()
{
    QSignalSpy failed(m_window.get(), &app::MainWindow::openFailed);
    const QString path = m_dir.filePath(QStringLiteral("does-not-exist.nii.gz"));
    m_window->openStudy(path);
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.first().at(0).toString(), path);
    app::ErrorDialog* dialog = m_window->errorDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(dialog->windowModality(), Qt::NonModal);
    QVERIFY(dialog->text().contains(QStringLiteral("does-not-exist.nii.gz")));
    QVERIFY(!m_window->study().study);
    QVERIFY(m_window->recentStudies()->paths().isEmpty());
    dialog->close();
    QTRY_VERIFY(!m_window->errorDialog()); // deleted on close
}

void TestMainWindow::corruptFileShowsError()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.nii.gz"));
    std::ofstream(path.toStdString()) << "not an image at all";
    QSignalSpy failed(m_window.get(), &app::MainWindow::openFailed);
    m_window->openStudy(path);
    QVERIFY(failed.wait(10000));
    QVERIFY(m_window->errorDialog());
    QVERIFY(!m_window->isLoading());
    // The window stays usable: a second failure replaces the first dialog.
    m_window->openStudy(path);
    QVERIFY(failed.wait(10000));
    QVERIFY(m_window->errorDialog());
}

void TestMainWindow::opensNiftiWrittenByIo()
{
    image::Geometry g;
    g.size = {24, 20, 12};
    g.spacing = {1.5, 1.5, 3.0};
    auto volume = image::Volume::create(g, 1, image::ComponentType::Int16).value();
    for (std::size_t v = 0; v < volume.elementCount(); ++v)
        volume.data()[v] = float(v % 200);
    const QString path = m_dir.filePath(QStringLiteral("synthetic.nii.gz"));
    QVERIFY(io::saveVolume(volume, path.toStdString()).ok());

    QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
    m_window->openStudy(path);
    QVERIFY(opened.wait(10000));
    ui::SliceView* view = m_window->viewer()->sliceView();
    QVERIFY(view->volume());
    QCOMPARE(view->sliceCount(), 12);
    QCOMPARE(view->sliceIndex(), 6);
    QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("synthetic.nii.gz")));
    QCOMPARE(m_window->recentStudies()->paths().value(0), QFileInfo(path).absoluteFilePath());
    QCOMPARE(app::RecentStudies().paths().value(0), QFileInfo(path).absoluteFilePath()); // persisted
    m_window->closeStudy();
    QVERIFY(!view->volume());
    QVERIFY(!m_window->study().study);
}

void TestMainWindow::dropOpensStudy()
{
    image::Geometry g;
    g.size = {8, 8, 4};
    const QString path = m_dir.filePath(QStringLiteral("dropped.nii.gz"));
    QVERIFY(io::saveVolume(image::Volume::create(g).value(), path.toStdString()).ok());
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPointF at(100, 100);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &drop);
    QVERIFY(opened.wait(10000));
    QCOMPARE(opened.first().at(0).toString(), path);
    QCOMPARE(m_window->viewer()->sliceView()->sliceCount(), 4);
}

void TestMainWindow::colin27RightHemisphereOnScreenLeft()
{
    DELINEATE_REQUIRE_FILE(kColin27); // Debian's mricron-data (packaging/install-deps.sh)
    DELINEATE_REQUIRE_FILE(kAal);
    QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
    m_window->openStudy(kColin27, kAal);
    QVERIFY(opened.wait(30000));
    QVERIFY(m_window->study().labels);
    ui::SliceView* view = m_window->viewer()->sliceView();
    QCOMPARE(view->plane(), ui::ViewPlane::Axial);
    // AAL: odd values are left-hemisphere regions, even values right-hemisphere ones.
    const int y = view->height() / 2;
    int leftSeen = 0, rightSeen = 0;
    for (int x = 0; x < view->width(); x += 4) {
        const ui::CursorReadout readout = hover(*view, QPoint(x, y));
        if (!readout.inside || !readout.label || *readout.label == 0)
            continue;
        const bool screenLeft = x < view->width() / 2;
        const bool patientRight = *readout.label % 2 == 0;
        QVERIFY2(screenLeft == patientRight,
                 qPrintable(QStringLiteral("x %1 label %2").arg(x).arg(*readout.label)));
        // LPS: the patient's right has negative x.
        QCOMPARE(readout.position[0] < 0.0, patientRight);
        (screenLeft ? rightSeen : leftSeen)++;
    }
    QVERIFY(leftSeen > 5 && rightSeen > 5);
    // Anterior up: the top half of the view is anterior (negative LPS y) of the bottom half.
    const ui::CursorReadout top = hover(*view, QPoint(view->width() / 2, view->height() / 3));
    const ui::CursorReadout bottom = hover(*view, QPoint(view->width() / 2, view->height() * 2 / 3));
    QVERIFY(top.inside && bottom.inside);
    QVERIFY(top.position[1] < bottom.position[1]);
}

// Model > Embedding Cache Size: remembered in the settings, applied to the model thread's cache at once
// and again at the next start.
void TestMainWindow::embeddingCacheSizeIsASetting()
{
    app::ModelController* models = m_window->models();
    QCOMPARE(models->cacheMiB(), app::ModelController::kDefaultCacheMiB);
    models->setCacheMiB(256);
    QCOMPARE(m_window->samService()->cacheCapacity(), std::size_t(256) << 20);
    QCOMPARE(QSettings().value(QLatin1String(app::ModelController::kCacheKey)).toInt(), 256);
    models->setCacheMiB(1); // clamped to a sane minimum
    QCOMPARE(models->cacheMiB(), 16);

    QSettings().setValue(QLatin1String(app::ModelController::kCacheKey), 1024);
    app::MainWindow next;
    next.models()->restore();
    QCOMPARE(next.samService()->cacheCapacity(), std::size_t(1024) << 20);
    QSettings().remove(QLatin1String(app::ModelController::kCacheKey));
}

void TestMainWindow::studyInformationShowsLoaderNotes()
{
    const QString echo = delineate::test::dataFile(QStringLiteral("us_echo_dicom/US-PAL-8-10x-echo.dcm"));
    DELINEATE_REQUIRE_FILE(echo);
    QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
    m_window->openStudy(echo);
    QVERIFY(opened.wait(20000));
    QTest::qWait(50);
    const double scale = m_window->viewer()->sliceView()->viewTransform().scale();
    m_window->showStudyInformation();
    app::StudyInfoDialog* info = m_window->studyInfoDialog();
    QTest::qWait(50);
    QCOMPARE(m_window->viewer()->sliceView()->viewTransform().scale(),
             scale); // the view underneath stays as it was
    QVERIFY(info && info->isVisible());
    const QString text = info->text();
    for (const char* expected :
         {"US", "600 × 430 pixels, 10 frames", "no physical spacing", "uint8, 3 component(s)", "Frame time",
          "PALETTE COLOR converted to RGB", "cine: 10 frames"})
        QVERIFY2(text.contains(QString::fromUtf8(expected)),
                 qPrintable(QString::fromUtf8(expected) + " not in:\n" + text));
    // It follows the shown study and goes with it.
    m_window->closeStudy();
    QVERIFY(!info->isVisible());
}

DELINEATE_TEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
