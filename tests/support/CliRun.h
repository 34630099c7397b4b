#pragma once
// Runs delineate-cli as a user does (a separate process) for the CLI tests: exit code, stdout, stderr.
// DELINEATE_CLI is the executable's path (set by the test's CMake target).

#include <QProcess>
#include <QString>
#include <QStringList>

namespace delineate::test {

struct CliRun {
    int exitCode = -1; // -2: crashed; -1: did not finish in time
    QString out;
    QString err;
};

inline CliRun runCli(const QStringList& arguments, int timeoutMs = 600000)
{
    QProcess process;
    process.start(QStringLiteral(DELINEATE_CLI), arguments);
    CliRun run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace delineate::test
