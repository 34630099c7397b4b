// Projects with several studies and unsaved work (offscreen): switching studies inside a project saves
// the shown study's edits into the project and brings the other study's labels back; a reopened
// project starts on the study last shown and lists all of them; Alt+PgDown / Alt+PgUp step through
// them. Without a project, leaving a study with unsaved edits asks first (Cancel keeps the study and
// its edits, Discard goes on), and so does closing the window.

#include "GuiTestSetup.h"
#include "gui/MainWindow.h"
#include "gui/ProjectController.h"
#include "image/Slice.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "project/ProjectStore.h"
#include "support/QtTestMain.h"

#include <QAbstractButton>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace delineate;

namespace {

// A small synthetic study: `size` x `size` x 6 voxels.
QString writeStudy(const QString& folder, const QString& name, int size)
{
    image::Geometry g;
    g.size = {size, size, 6};
    auto volume = image::Volume::create(g).value();
    for (std::size_t v = 0; v < volume.elementCount(); ++v)
        volume.data()[v] = float(v % 97);
    const QString path = folder + QLatin1Char('/') + name;
    if (!io::saveVolume(volume, path.toStdString()))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Squares on axial slice 2.
void paintSquare(app::MainWindow& window, int side)
{
    test::paintSquare(window, side, 2);
}

using test::labelled;

// Answers the next modal message box with `button` (once it shows).
void answerNextMessageBox(QMessageBox::StandardButton button, QString* seenText = nullptr)
{
    QTimer::singleShot(0, [button, seenText] {
        auto attempt = std::make_shared<std::function<void()>>();
        *attempt = [button, seenText, attempt] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box) {
                QTimer::singleShot(20, *attempt);
                return;
            }
            if (seenText)
                *seenText = box->text();
            box->button(button)->click();
        };
        (*attempt)();
    });
}

bool waitOpened(app::MainWindow& window, const std::function<bool()>& start)
{
    QSignalSpy opened(&window, &app::MainWindow::studyOpened);
    return start() && opened.wait(20000);
}

} // namespace

class TestProjectStudies : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void switchingStudiesKeepsEachStudysLabels();
    void reopenedProjectStartsOnLastStudy();
    void leavingUnsavedStudyAsksFirst();
    void closingWindowWithUnsavedEditsAsks();

private:
    std::unique_ptr<app::MainWindow> newWindow();

    QTemporaryDir m_dir;
    QString m_first, m_second, m_project;
};

void TestProjectStudies::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_project_studies"));
    delineate::test::forgetRecoveredEdits();
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_first = writeStudy(m_dir.path(), QStringLiteral("first.nii.gz"), 32);
    m_second = writeStudy(m_dir.path(), QStringLiteral("second.nii.gz"), 40);
    m_project = m_dir.filePath(QStringLiteral("project"));
}

std::unique_ptr<app::MainWindow> TestProjectStudies::newWindow()
{
    auto window = std::make_unique<app::MainWindow>();
    window->resize(900, 700);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QApplication::setActiveWindow(window.get());
    return window;
}

void TestProjectStudies::switchingStudiesKeepsEachStudysLabels()
{
    auto window = newWindow();
    QVERIFY(window);
    QVERIFY(waitOpened(*window, [&] { return window->openStudy(m_first); }));
    paintSquare(*window, 4);
    QCOMPARE(labelled(*window), std::size_t(16));
    QVERIFY(window->saveProject(m_project).ok());

    // Another study joins the open project; the first one's later edits are saved on the way.
    paintSquare(*window, 5);
    QVERIFY(window->labelSession()->modified());
    QVERIFY(waitOpened(*window, [&] { return window->openStudy(m_second); }));
    QCOMPARE(labelled(*window), std::size_t(0));
    const auto studies = window->project()->studies();
    QCOMPARE(studies.size(), std::size_t(2));
    QVERIFY(!studies[0].current);
    QVERIFY(studies[1].current);
    QCOMPARE(studies[1].name, QStringLiteral("second.nii.gz"));
    paintSquare(*window, 3);

    // Back to the first study (Alt+PgUp): its 5x5 square is there, the second study's edits are saved.
    QVERIFY(waitOpened(*window, [&] {
        QTest::keyClick(window.get(), Qt::Key_PageUp, Qt::AltModifier);
        return true;
    }));
    QCOMPARE(window->study().study->volume.geometry().size[0], std::int64_t(32));
    QCOMPARE(labelled(*window), std::size_t(25));
    QVERIFY(!window->labelSession()->modified());
    QVERIFY(window->project()->studies()[0].current);

    // And forward again (the studies menu): the 3x3 square of the second study.
    QMenu* studiesMenu = nullptr;
    for (QAction* top : window->menuBar()->actions())
        if (top->menu())
            for (QAction* item : top->menu()->actions())
                if (item->menu() && item->text().remove(QLatin1Char('&')).contains(QStringLiteral("Studies")))
                    studiesMenu = item->menu();
    QVERIFY(studiesMenu);
    QAction* second = nullptr;
    for (QAction* item : studiesMenu->actions())
        if (item->text().startsWith(QStringLiteral("second.nii.gz")))
            second = item;
    QVERIFY(second);
    QVERIFY(!second->isChecked());
    QVERIFY(waitOpened(*window, [&] {
        second->trigger();
        return true;
    }));
    QCOMPARE(labelled(*window), std::size_t(9));

    // On disk: two studies, each with its own label map.
    const project::ProjectStore store(m_project.toStdString());
    const project::Project saved = store.load().value();
    QCOMPARE(saved.studies.size(), std::size_t(2));
    for (const project::StudyEntry& study : saved.studies)
        QVERIFY(QFileInfo::exists(QString::fromStdString(store.labelMapPath(study))));
}

void TestProjectStudies::reopenedProjectStartsOnLastStudy()
{
    auto window = newWindow();
    QVERIFY(window);
    QVERIFY(waitOpened(*window, [&] { return window->openProject(m_project); }));
    QCOMPARE(QFileInfo(window->project()->studies()[1].path), QFileInfo(m_second));
    QVERIFY(window->project()->studies()[1].current); // the study shown last
    QCOMPARE(labelled(*window), std::size_t(9));
    QVERIFY(waitOpened(*window, [&] {
        window->stepProjectStudy(+1); // wraps around to the first
        return true;
    }));
    QCOMPARE(labelled(*window), std::size_t(25));
}

void TestProjectStudies::leavingUnsavedStudyAsksFirst()
{
    auto window = newWindow();
    QVERIFY(window);
    QVERIFY(waitOpened(*window, [&] { return window->openStudy(m_first); }));
    paintSquare(*window, 2);
    QVERIFY(window->windowTitle().contains(QStringLiteral("[*]")));
    QVERIFY(window->isWindowModified());

    QString asked;
    answerNextMessageBox(QMessageBox::Cancel, &asked);
    QVERIFY(!window->openStudy(m_second));
    QVERIFY(asked.contains(QStringLiteral("first.nii.gz")));
    QCOMPARE(labelled(*window), std::size_t(4)); // still here, still modified
    QVERIFY(window->labelSession()->modified());

    answerNextMessageBox(QMessageBox::Cancel);
    window->closeStudy();
    QVERIFY(window->study().study);

    answerNextMessageBox(QMessageBox::Discard);
    QVERIFY(waitOpened(*window, [&] { return window->openStudy(m_second); }));
    QCOMPARE(window->study().study->volume.geometry().size[0], std::int64_t(40));
    QVERIFY(!window->isWindowModified());
}

void TestProjectStudies::closingWindowWithUnsavedEditsAsks()
{
    auto window = newWindow();
    QVERIFY(window);
    QVERIFY(waitOpened(*window, [&] { return window->openStudy(m_first); }));
    paintSquare(*window, 2);
    answerNextMessageBox(QMessageBox::Cancel);
    QVERIFY(!window->close());
    QVERIFY(window->isVisible());
    answerNextMessageBox(QMessageBox::Discard);
    QVERIFY(window->close());
}

DELINEATE_TEST_MAIN(TestProjectStudies)
#include "tst_project_studies.moc"
