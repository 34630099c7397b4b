// Volumes and label maps written on a full disk: RLIMIT_FSIZE is lowered for this process while one file
// is written (SIGXFSZ ignored, so a write past the cap fails with EFBIG as a write to a full disk fails
// with ENOSPC). Every format (NIfTI .nii / .nii.gz, MetaImage .mha / .mhd + data file, NRRD, PNG) must
// report one line naming the file and the reason, and leave the previous file (or nothing) at the final
// path, without a staging file beside it. The expected bytes are the previous file's, read before.

#include "io/StudyLoader.h"
#include "support/FileSizeLimit.h"
#include "support/TestData.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace delineate;

namespace {

// Labels 0..999 in a pseudo-random pattern (so that no format compresses them below the cap).
image::LabelMap noiseLabels(const image::Geometry& geometry, std::uint32_t seed)
{
    image::LabelMap labels = image::LabelMap::create(geometry).value();
    std::uint32_t state = seed;
    for (std::size_t n = 0; n < labels.voxelCount(); ++n) {
        state = state * 1664525u + 1013904223u;
        labels.data()[n] = static_cast<image::LabelMap::Value>((state >> 12) % 1000);
    }
    return labels;
}

io::Study studyOn(const image::Geometry& geometry)
{
    io::Study study;
    study.volume = image::Volume::create(geometry).value();
    return study;
}

QByteArray contentOf(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList entriesOf(const QString& folder)
{
    QStringList names =
        QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    names.sort();
    return names;
}

void checkOneLineNaming(const Error& error, const std::string& path)
{
    const std::string message = error.message();
    QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
    QVERIFY2(message.find(path) != std::string::npos, message.c_str());
    // The operating system's reason (EFBIG here) is named.
    QVERIFY2(message.find(std::strerror(EFBIG)) != std::string::npos, message.c_str());
}

} // namespace

class TestWriteFaults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void labelMapOnAFullDisk_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("companion");
        QTest::addColumn<bool>("twoD");
        QTest::addColumn<bool>("previous");
        for (const bool previous : {true, false}) {
            const QString suffix =
                previous ? QStringLiteral(" over a previous file") : QStringLiteral(" (none before)");
            QTest::newRow(qPrintable(".nii" + suffix)) << "labels.nii"
                                                       << "" << false << previous;
            QTest::newRow(qPrintable(".nii.gz" + suffix)) << "labels.nii.gz"
                                                          << "" << false << previous;
            QTest::newRow(qPrintable(".mha" + suffix)) << "labels.mha"
                                                       << "" << false << previous;
            QTest::newRow(qPrintable(".mhd" + suffix)) << "labels.mhd"
                                                       << "labels.zraw" << false << previous;
            QTest::newRow(qPrintable(".nrrd" + suffix)) << "labels.nrrd"
                                                        << "" << false << previous;
            QTest::newRow(qPrintable(".png" + suffix)) << "labels.png"
                                                       << "" << true << previous;
        }
    }

    void labelMapOnAFullDisk()
    {
        QFETCH(QString, name);
        QFETCH(QString, companion);
        QFETCH(bool, twoD);
        QFETCH(bool, previous);
        QTemporaryDir dir;
        image::Geometry geometry;
        geometry.size =
            twoD ? std::array<std::int64_t, 3>{160, 120, 1} : std::array<std::int64_t, 3>{64, 48, 24};
        const io::Study study = studyOn(geometry);
        const std::string path = dir.filePath(name).toStdString();
        QByteArray before, companionBefore;
        if (previous) {
            QVERIFY(io::saveLabelMap(noiseLabels(geometry, 1), study, path).ok());
            before = contentOf(dir.filePath(name));
            if (!companion.isEmpty())
                companionBefore = contentOf(dir.filePath(companion));
            QVERIFY(!before.isEmpty() && (companion.isEmpty() || !companionBefore.isEmpty()));
        }
        const QStringList entriesBefore = entriesOf(dir.path());
        Result<void> written;
        {
            delineate::test::FileSizeLimit limit(
                8 * 1024); // far below every form of these labels (38 KB and more)
            QVERIFY(limit.active());
            written = io::saveLabelMap(noiseLabels(geometry, 2), study, path);
        }
        QVERIFY2(!written.ok(), "a write cut off by a full disk was reported as success");
        checkOneLineNaming(written.error(), path);
        QCOMPARE(entriesOf(dir.path()), entriesBefore);
        if (previous) {
            QVERIFY(contentOf(dir.filePath(name)) == before);
            if (!companion.isEmpty())
                QVERIFY(contentOf(dir.filePath(companion)) == companionBefore);
        }
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestWriteFaults)
#include "tst_write_faults.moc"
