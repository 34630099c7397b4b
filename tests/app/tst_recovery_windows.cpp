// Two windows on one study shown without a project (regression): both autosaved into the same recovery
// copy, so each window's autosave replaced the other's unsaved edits. Each window now writes its own copy
// (ProjectController's recovery owner); a later window on the study recovers the newest copy, and once
// it autosaves and then saves or discards, no copy of the study is left to "recover" again. The voxel
// counts are the test's own squares (3 x 3 and 5 x 5), read back from the files.
#include "GuiTestSetup.h"
#include "gui/AutosaveController.h"
#include "gui/MainWindow.h"
#include "gui/ProjectController.h"
#include "io/StudyLoader.h"
#include "support/QtTestMain.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <filesystem>

using namespace delineate;

class TestRecoveryWindows : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void twoWindowsKeepTheirOwnRecoveryCopies();

private:
    std::unique_ptr<app::MainWindow> openWindow();
    std::int64_t voxelsIn(const QString& labelsPath) const;

    QTemporaryDir m_dir;
    QString m_study;
};

void TestRecoveryWindows::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_recovery_windows"));
    delineate::test::forgetRecoveredEdits();
    QVERIFY(m_dir.isValid());
    image::Geometry g;
    g.size = {32, 24, 3};
    auto volume = image::Volume::create(g).value();
    m_study = m_dir.filePath(QStringLiteral("study.nii.gz"));
    QVERIFY(io::saveVolume(volume, m_study.toStdString()).ok());
}

std::unique_ptr<app::MainWindow> TestRecoveryWindows::openWindow()
{
    auto window = std::make_unique<app::MainWindow>();
    window->resize(900, 600);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
    if (!window->openStudy(m_study) || !opened.wait(30000))
        return nullptr;
    return window;
}

std::int64_t TestRecoveryWindows::voxelsIn(const QString& labelsPath) const
{
    auto study = io::loadStudy(m_study.toStdString());
    if (!study)
        return -1;
    auto labels = io::loadLabelMap(labelsPath.toStdString(), *study);
    return labels ? labels->count(1) : -1;
}

void TestRecoveryWindows::twoWindowsKeepTheirOwnRecoveryCopies()
{
    auto first = openWindow();
    auto second = openWindow();
    QVERIFY(first && second);
    delineate::test::paintSquare(*first, 3, 1);
    delineate::test::paintSquare(*second, 5, 1);
    for (app::MainWindow* window : {first.get(), second.get()}) {
        QSignalSpy written(window->autosave(), &app::AutosaveController::autosaved);
        QVERIFY(window->autosave()->autosaveNow());
        QVERIFY(written.wait(30000));
    }
    const QString firstCopy = first->autosave()->autosavePath();
    const QString secondCopy = second->autosave()->autosavePath();
    QVERIFY2(firstCopy != secondCopy, qPrintable(firstCopy));
    QCOMPARE(voxelsIn(firstCopy), std::int64_t(9)); // the second window's autosave left it alone
    QCOMPARE(voxelsIn(secondCopy), std::int64_t(25));
    namespace fs = std::filesystem;
    fs::last_write_time(firstCopy.toStdString(),
                        fs::last_write_time(secondCopy.toStdString()) - std::chrono::hours(1));
    // Gone as after a crash, their edits unsaved: both copies stay. (Marking the edits saved first would
    // not do: a session back at its saved state removes its copy, AutosaveController::schedule.)
    first.reset();
    second.reset();
    QVERIFY(QFileInfo::exists(firstCopy) && QFileInfo::exists(secondCopy));

    // A new window on the study recovers the newest copy (the second window's) as unsaved edits.
    auto third = openWindow();
    QVERIFY(third);
    QCOMPARE(delineate::test::labelled(*third), std::size_t(25));
    QVERIFY(third->labelSession()->modified());
    QSignalSpy written(third->autosave(), &app::AutosaveController::autosaved);
    QVERIFY(third->autosave()->autosaveNow());
    QVERIFY(written.wait(30000));
    QVERIFY(third->autosave()->autosavePath() != secondCopy);
    // Discarded: neither its own copy nor the two it superseded come back.
    third->autosave()->discardAutosave();
    QVERIFY(!QFileInfo::exists(firstCopy));
    QVERIFY(!QFileInfo::exists(secondCopy));
    QVERIFY(!QFileInfo::exists(third->autosave()->autosavePath()));
    QVERIFY(third->project()->plansAt(m_study).empty());
    third->labelSession()->markSaved();
}

DELINEATE_TEST_MAIN(TestRecoveryWindows)
#include "tst_recovery_windows.moc"
