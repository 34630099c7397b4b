// Context is kept (issue 16.8), in the main window (offscreen): a reviewed mark made without a project is
// unsaved work (title '*', quitting asks); a saved project appears in Open Recent and reopens from it;
// Save Project creates the folder typed in its dialog; every file dialog starts in the folder last
// chosen.

#include "GuiTestSetup.h"
#include "feedback/FileDialogs.h"
#include "gui/AnnotationActions.h"
#include "gui/ErrorDialog.h"
#include "gui/FileMenu.h"
#include "gui/MainWindow.h"
#include "gui/ProjectController.h"
#include "gui/RecentStudies.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "support/QtTestMain.h"
#include "viewer/SliceView.h"

#include <QAbstractButton>
#include <QFileDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <functional>

using namespace delineate;

namespace {

// Runs `handle` on the modal dialog of type T once it is shown (polls; the dialog runs its own loop).
template <typename T> void whenShown(std::function<void(T*)> handle)
{
    auto* timer = new QTimer;
    timer->setInterval(50);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, handle] {
        if (auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget())) {
            timer->stop();
            timer->deleteLater();
            handle(dialog);
        }
    });
    timer->start();
}

} // namespace

class TestContextKept : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void reviewedMarkIsUnsavedWork();
    void savedProjectInOpenRecent();
    void saveProjectCreatesTheFolderAndDialogsRemember();
    void statusMessageIsNotCoveredByTheRight();

private:
    void openStudy();
    QString m_study;
    QTemporaryDir m_dir;
    std::unique_ptr<app::MainWindow> m_window;
};

void TestContextKept::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_context_kept"));
    delineate::test::forgetRecoveredEdits();
    QCoreApplication::setAttribute(Qt::AA_DontUseNativeDialogs); // Qt's own dialogs, which a test can drive
    QVERIFY(m_dir.isValid());
    image::Geometry g;
    g.size = {16, 12, 5};
    m_study = m_dir.filePath(QStringLiteral("study.nii.gz"));
    QVERIFY(io::saveVolume(image::Volume::create(g).value(), m_study.toStdString()).ok());
}

void TestContextKept::init()
{
    delineate::test::forgetRecoveredEdits();
    m_window = std::make_unique<app::MainWindow>();
    m_window->recentStudies()->clear();
    m_window->resize(1000, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestContextKept::cleanup()
{
    if (m_window) {
        m_window->labelSession()->markSaved();
        m_window->closeStudy();
    }
    m_window.reset();
}

void TestContextKept::openStudy()
{
    QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
    m_window->openStudy(m_study);
    QVERIFY(opened.wait(10000));
}

void TestContextKept::reviewedMarkIsUnsavedWork()
{
    openStudy();
    QVERIFY(!m_window->isWindowModified());
    m_window->annotationActions()->reviewedAction()->trigger(); // M
    QVERIFY(m_window->project()->hasUnsavedMarks());
    QVERIFY(m_window->isWindowModified()); // the '*' of "study.nii.gz[*] — Delineate"
    // Quitting asks; Cancel keeps the window open.
    bool asked = false;
    whenShown<QMessageBox>([&asked](QMessageBox* box) {
        asked = true;
        box->button(QMessageBox::Cancel)->click();
    });
    QVERIFY(!m_window->close());
    QVERIFY(asked);
    QVERIFY(m_window->isVisible());
    // Unmarking does not make it saved: only a save does.
    m_window->annotationActions()->reviewedAction()->trigger();
    QVERIFY(m_window->isWindowModified());
    QVERIFY(m_window->saveProject(m_dir.filePath(QStringLiteral("marks"))).ok());
    QVERIFY(!m_window->isWindowModified());
    QVERIFY(!m_window->project()->hasUnsavedMarks());
}

void TestContextKept::savedProjectInOpenRecent()
{
    openStudy();
    const QString folder = m_dir.filePath(QStringLiteral("recent project"));
    QVERIFY(m_window->saveProject(folder).ok());
    QCOMPARE(m_window->recentStudies()->paths().value(0), QFileInfo(folder).absoluteFilePath());
    m_window->closeStudy();
    // File > Open Recent lists it as a project and reopens it as one.
    QMenu* recent = nullptr;
    for (QAction* top : m_window->menuBar()->actions())
        if (top->menu())
            for (QAction* item : top->menu()->actions())
                if (item->menu() && item->menu()->title() == QStringLiteral("Open &Recent"))
                    recent = item->menu();
    QVERIFY(recent);
    QAction* entry = recent->actions().value(0);
    QVERIFY(entry);
    QCOMPARE(entry->text(), QStringLiteral("recent project (project)"));
    QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
    entry->trigger();
    QVERIFY(opened.wait(10000));
    QCOMPARE(QFileInfo(m_window->project()->folder()).absoluteFilePath(),
             QFileInfo(folder).absoluteFilePath());
}

void TestContextKept::saveProjectCreatesTheFolderAndDialogsRemember()
{
    openStudy();
    const QString start = m_dir.filePath(QStringLiteral("start"));
    QVERIFY(QDir().mkpath(start));
    ui::FileDialogs::remember(start);
    // Save Project: the dialog starts in the last folder and offers "<study> project"; a new name typed
    // there becomes the project folder.
    const QString typed = QDir(start).filePath(QStringLiteral("brand new"));
    QString startedIn;
    QString offered;
    whenShown<QFileDialog>([&](QFileDialog* dialog) {
        startedIn = dialog->directory().absolutePath();
        offered = dialog->selectedFiles().value(0);
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit")); // what the user types in
        QVERIFY(name);
        name->setText(QFileInfo(typed).fileName());
        static_cast<QDialog*>(dialog)->accept(); // QFileDialog::accept: checks and takes the name
    });
    m_window->fileMenu()->saveProjectDialog();
    QCOMPARE(startedIn, QFileInfo(start).absoluteFilePath());
    QCOMPARE(QFileInfo(offered).fileName(), QStringLiteral("study project"));
    QVERIFY2(!m_window->errorDialog(),
             m_window->errorDialog() ? qPrintable(m_window->errorDialog()->text()) : "");
    QVERIFY(QFileInfo(QDir(typed).filePath(QStringLiteral("project.json"))).isFile());
    QCOMPARE(QFileInfo(m_window->project()->folder()).absoluteFilePath(),
             QFileInfo(typed).absoluteFilePath());

    // The next dialog (Open Study) starts where the last one ended; a file chosen there moves it on.
    QString next;
    whenShown<QFileDialog>([&](QFileDialog* dialog) {
        next = dialog->directory().absolutePath();
        dialog->reject();
    });
    m_window->fileMenu()->openFileDialog();
    QCOMPARE(next, QFileInfo(start).absoluteFilePath());
    ui::FileDialogs::remember(m_study);
    QCOMPARE(ui::FileDialogs::lastFolder(), QFileInfo(m_study).absolutePath());
}

// At the window's default size, the "Opened …" message on the left is not covered by the cursor readout
// and the model status on the right, however long the readout is (it is elided instead, whole in its
// tooltip).
void TestContextKept::statusMessageIsNotCoveredByTheRight()
{
    m_window->resize(1280, 860);
    openStudy();
    const QString message = m_window->statusBar()->currentMessage();
    QVERIFY(message.startsWith(QStringLiteral("Opened study.nii.gz")));
    auto* slice = m_window->findChild<ui::SliceView*>();
    QVERIFY(slice);
    QMouseEvent hover(QEvent::MouseMove, QPointF(slice->width() / 2.0, slice->height() / 2.0),
                      slice->mapToGlobal(QPointF(slice->width() / 2.0, slice->height() / 2.0)), Qt::NoButton,
                      Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(slice, &hover);
    QApplication::processEvents();
    int right = m_window->statusBar()->width();
    for (QWidget* child :
         m_window->statusBar()->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly))
        if (child->isVisible() && child->width() > 0 && !child->inherits("QSizeGrip"))
            right = std::min(right, child->x());
    const int needed = m_window->statusBar()->fontMetrics().horizontalAdvance(message);
    QVERIFY2(needed + 8 <= right,
             qPrintable(QStringLiteral("message needs %1 px, has %2").arg(needed).arg(right)));
}

DELINEATE_TEST_MAIN(TestContextKept)
#include "tst_context_kept.moc"
