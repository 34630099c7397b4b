#pragma once
// Shared helpers of the DICOM tests: where the real data lives (never copied into the project).

#include <QDir>
#include <QString>

#include <string>

namespace delineate::dicom::test {

inline QString dataRoot()
{
    return QStringLiteral(DELINEATE_SHARED_DIR "/data");
}

// Absolute path of `relative` under the shared data folder.
inline std::string dataPath(const QString& relative)
{
    return QDir(dataRoot()).filePath(relative).toStdString();
}

inline bool hasData(const QString& folder)
{
    return QDir(QDir(dataRoot()).filePath(folder)).exists();
}

} // namespace delineate::dicom::test

// Skips the current test when a data folder is missing (e.g. a checkout without ../shared).
#define DELINEATE_REQUIRE_DATA(folder)                                                                       \
    do {                                                                                                     \
        if (!delineate::dicom::test::hasData(folder))                                                        \
            QSKIP(qPrintable(QStringLiteral("test data folder %1 is missing").arg(                          \
                QDir(delineate::dicom::test::dataRoot()).filePath(folder))));                                \
    } while (false)
