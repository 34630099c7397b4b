// Crash recovery of the real application (as the test harness delineate-harness starts it: the release
// program plus its test hooks): a project on a small synthetic study; `delineate-harness PROJECT
// --test-paint` paints a brush stroke through the normal edit path; once its autosave is on disk the
// process is killed with SIGKILL (no chance to save or clean up); `delineate-harness PROJECT --test-report`
// started again on the project reports the same voxel count, and a window opening the project in this
// process finds the stroke's voxels. The delay between the edit and the autosave is measured. The same
// for a study opened without a project (its autosave goes to the user's recovery folder).

#include "GuiTestSetup.h"
#include "gui/MainWindow.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "support/QtTestMain.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace delineate;

namespace {

const QString kApp = QStringLiteral(DELINEATE_APP);

// Reads the child's stdout until a line "delineate: <what> N"; -1 on timeout or exit.
long long waitForLine(QProcess& process, const QString& what, int timeoutMs)
{
    const QRegularExpression pattern(QStringLiteral("delineate: %1 (\\d+)").arg(what));
    QElapsedTimer clock;
    clock.start();
    QString output;
    while (clock.elapsed() < timeoutMs) {
        if (!process.waitForReadyRead(500) && process.state() == QProcess::NotRunning)
            break;
        output += QString::fromLocal8Bit(process.readAllStandardOutput());
        if (const auto match = pattern.match(output); match.hasMatch())
            return match.captured(1).toLongLong();
    }
    qWarning("no '%s' line; stdout: %s; stderr: %s", qPrintable(what), qPrintable(output),
             process.readAllStandardError().constData());
    return -1;
}

} // namespace

class TestCrashRecovery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killedMidSessionRecoversTheEdit();
    void killedWithoutProjectRecoversTheEdit();

private:
    QProcessEnvironment childEnvironment() const;

    QTemporaryDir m_dir;
    QString m_project;
};

void TestCrashRecovery::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_crash_recovery"));
    delineate::test::forgetRecoveredEdits();
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFileInfo::exists(kApp), qPrintable(kApp));

    image::Geometry g;
    g.size = {80, 72, 8};
    auto volume = image::Volume::create(g).value();
    for (std::int64_t k = 0; k < 8; ++k)
        for (std::int64_t j = 0; j < 72; ++j)
            for (std::int64_t i = 0; i < 80; ++i)
                volume.at(i, j, k) = float((i * 7 + j * 3) % 200);
    const QString study = m_dir.filePath(QStringLiteral("study.nii.gz"));
    QVERIFY(io::saveVolume(volume, study.toStdString()));

    // The project: the study, no labels yet (saved by the application itself).
    app::MainWindow window;
    window.show();
    QSignalSpy opened(&window, &app::MainWindow::studyOpened);
    window.openStudy(study);
    QVERIFY(opened.wait(60000));
    m_project = m_dir.filePath(QStringLiteral("project"));
    QVERIFY(window.saveProject(m_project).ok());
}

QProcessEnvironment TestCrashRecovery::childEnvironment() const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // The child's settings (recent studies, model) stay in the test's folder.
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    // And its autosaves of studies without a project (the recovery folder).
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    return environment;
}

void TestCrashRecovery::killedMidSessionRecoversTheEdit()
{
    const QDir autosaveDir(m_project + QStringLiteral("/autosave"));
    QVERIFY(autosaveDir.entryList({QStringLiteral("*.nii.gz")}, QDir::Files).isEmpty());

    QProcess session;
    session.setProcessEnvironment(childEnvironment());
    session.start(kApp, {m_project, QStringLiteral("--test-paint")});
    QVERIFY(session.waitForStarted(10000));
    const long long painted = waitForLine(session, QStringLiteral("test-paint"), 60000);
    QVERIFY(painted > 0);
    QElapsedTimer sincePaint;
    sincePaint.start();

    // Wait for the autosave (atomic rename: once the file is there it is complete), then kill -9. The
    // 30 s are a time-out for a missing autosave, not a speed requirement (the delay is a few seconds).
    QTRY_VERIFY_WITH_TIMEOUT(!autosaveDir.entryList({QStringLiteral("*.nii.gz")}, QDir::Files).isEmpty(),
                             30000);
    qInfo("autosave on disk %lld ms after the edit", qint64(sincePaint.elapsed()));
    QVERIFY(session.state() == QProcess::Running);
    session.kill(); // SIGKILL
    QVERIFY(session.waitForFinished(10000));
    QCOMPARE(session.exitStatus(), QProcess::CrashExit);

    // The application started again on the project recovers the edit.
    QProcess restarted;
    restarted.setProcessEnvironment(childEnvironment());
    restarted.start(kApp, {m_project, QStringLiteral("--test-report"), QStringLiteral("--screenshot"),
                           m_dir.filePath(QStringLiteral("recovered.png"))});
    QVERIFY(restarted.waitForStarted(10000));
    QCOMPARE(waitForLine(restarted, QStringLiteral("labels"), 60000), painted);
    QVERIFY(restarted.waitForFinished(30000));
    QCOMPARE(restarted.exitCode(), 0);

    // And so does a window in this process, voxel for voxel with what was painted.
    app::MainWindow window;
    window.show();
    QSignalSpy opened(&window, &app::MainWindow::studyOpened);
    QVERIFY(window.openProject(m_project));
    QVERIFY(opened.wait(60000));
    const ui::LabelSession* labels = window.labelSession();
    QCOMPARE(labels->labels()->count(labels->activeLabel()), std::int64_t(painted));
}

// A study opened without a project: its edits autosave into the user's recovery folder, and the next
// start on the same study brings them back as unsaved work.
void TestCrashRecovery::killedWithoutProjectRecoversTheEdit()
{
    const QString study = m_dir.filePath(QStringLiteral("study.nii.gz"));
    QProcess session;
    session.setProcessEnvironment(childEnvironment());
    session.start(kApp, {study, QStringLiteral("--test-paint")});
    QVERIFY(session.waitForStarted(10000));
    const long long painted = waitForLine(session, QStringLiteral("test-paint"), 60000);
    QVERIFY(painted > 0);
    QElapsedTimer sincePaint;
    sincePaint.start();
    auto recovered = [&] {
        QDirIterator files(m_dir.filePath(QStringLiteral("data")), {QStringLiteral("*.study.json")},
                           QDir::Files, QDirIterator::Subdirectories);
        return files.hasNext();
    };
    while (!recovered() && sincePaint.elapsed() < 30000)
        QTest::qWait(50);
    QVERIFY2(recovered(), "no autosave in the recovery folder within 30 s of the edit");
    QTest::qWait(300); // the info file is written last; let the process settle before the kill
    session.kill();
    QVERIFY(session.waitForFinished(10000));

    QProcess restarted;
    restarted.setProcessEnvironment(childEnvironment());
    restarted.start(kApp, {study, QStringLiteral("--test-report")});
    QVERIFY(restarted.waitForStarted(10000));
    QCOMPARE(waitForLine(restarted, QStringLiteral("labels"), 60000), painted);
    restarted.kill(); // it would ask what to do with the recovered edits on closing
    QVERIFY(restarted.waitForFinished(10000));
}

DELINEATE_TEST_MAIN(TestCrashRecovery)
#include "tst_crash_recovery.moc"
