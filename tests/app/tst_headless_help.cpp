// `delineate --help` and `--version` work without a display (issue 16.8): the program runs as a user
// starts it over ssh — no DISPLAY, no WAYLAND_DISPLAY, the xcb platform that would need one — prints and
// exits 0. DELINEATE_APP is the release program's path (set by CMake).

#include "support/QtTestMain.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1; // -2: crashed
    QString out;
    QString err;
};

Run runWithoutDisplay(const QStringList& arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    environment.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(DELINEATE_APP), arguments);
    Run run;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromLocal8Bit(process.readAllStandardOutput());
    run.err = QString::fromLocal8Bit(process.readAllStandardError());
    return run;
}

} // namespace

class TestHeadlessHelp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helpPrintsWithoutDisplay_data()
    {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("expected");
        QTest::newRow("--help") << "--help"
                                << "--labels";
        QTest::newRow("-h") << "-h"
                            << "--three-views";
        QTest::newRow("--version") << "--version" << QStringLiteral(DELINEATE_VERSION);
    }
    void helpPrintsWithoutDisplay()
    {
        QFETCH(QString, option);
        QFETCH(QString, expected);
        const Run run = runWithoutDisplay({option});
        QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
        QVERIFY2(run.out.contains(expected), qPrintable(run.out));
    }
};

DELINEATE_TEST_MAIN(TestHeadlessHelp)
#include "tst_headless_help.moc"
