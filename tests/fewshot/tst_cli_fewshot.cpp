// delineate-cli train / segment / eval, run as a user runs them (QProcess): argument errors give a
// non-zero exit and one line; a tiny decoder-scope run on a synthetic NIfTI study writes an adapter
// whose metadata names the strategy and slices; segment with it writes a label map on the study's
// grid; eval reports Dice/NSD as JSON (checked against a hand-computed case).
#include "image/LabelMap.h"
#include "io/StudyLoader.h"
#include "support/CliRun.h"
#include "support/TestData.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace delineate;

namespace {

const QString kFixture = test::samFixtureFile(QStringLiteral("vit_t.pth"));

using Run = delineate::test::CliRun;

Run cli(const QStringList& arguments, int timeoutMs = 600000)
{
    return delineate::test::runCli(arguments, timeoutMs);
}

// A 48 x 40 x 8 study (1 x 1 x 2 mm) with a bright disc (label 2) in slices 1..6, written as NIfTI.
void writeStudy(const QString& imagePath, const QString& labelPath)
{
    image::Geometry g;
    g.size = {48, 40, 8};
    g.spacing = {1.0, 1.0, 2.0};
    image::Volume volume = image::Volume::create(g).value();
    image::LabelMap labels = image::LabelMap::createFor(volume).value();
    for (std::int64_t k = 0; k < 8; ++k)
        for (std::int64_t j = 0; j < 40; ++j)
            for (std::int64_t i = 0; i < 48; ++i) {
                const double dx = double(i) - 20.0 - double(k), dy = double(j) - 20.0;
                const bool inside = k >= 1 && k <= 6 && dx * dx + dy * dy <= 100.0;
                volume.at(i, j, k) = inside ? 800.0f : 100.0f + float(i);
                if (inside)
                    labels.at(i, j, k) = 2;
            }
    QVERIFY(io::saveVolume(volume, imagePath.toStdString()).ok());
    auto study = io::loadStudy(imagePath.toStdString());
    QVERIFY(study.ok());
    QVERIFY(io::saveLabelMap(labels, *study, labelPath.toStdString()).ok());
}

} // namespace

class TestCliFewShot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void argumentErrorsAreOneLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        QTest::newRow("train without model")
            << QStringList{"train", "--image", "x.nii"} << "train needs --model";
        QTest::newRow("unknown option") << QStringList{"train", "--bogus"} << "unknown option '--bogus'";
        QTest::newRow("missing value") << QStringList{"segment", "--model"} << "--model needs a value";
        QTest::newRow("bad axis") << QStringList{"eval", "--prediction", "a", "--reference",
                                                 "b",    "--axis",       "q"}
                                  << "--axis must be i, j or k";
        QTest::newRow("bad tolerance")
            << QStringList{"eval", "--prediction", "a", "--reference", "b", "--tolerance", "-1"}
            << "--tolerance expects a number";
        QTest::newRow("missing file") << QStringList{"eval", "--prediction", "/nonexistent/p.nii.gz",
                                                     "--reference", "/nonexistent/r.nii.gz"}
                                      << "/nonexistent/r.nii.gz";
    }

    void argumentErrorsAreOneLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        const Run run = cli(arguments, 60000);
        QVERIFY(run.exitCode > 0);
        QVERIFY2(run.err.contains(expected), qPrintable(run.err));
        QCOMPARE(run.err.trimmed().count(QLatin1Char('\n')), 0);
    }

    void evalMatchesHandComputedDice()
    {
        QTemporaryDir dir;
        const QString image = dir.filePath("study.nii.gz"), labels = dir.filePath("labels.nii.gz");
        writeStudy(image, labels);
        // Same map: Dice 1, NSD 1. Label 2 against an absent label 5: Dice 0.
        Run same =
            cli({"eval", "--prediction", labels, "--reference", labels, "--label", "2", "--per-slice"});
        QCOMPARE(same.exitCode, 0);
        const QJsonObject a = QJsonDocument::fromJson(same.out.toUtf8()).object();
        QCOMPARE(a.value("dice").toDouble(), 1.0);
        QCOMPARE(a.value("nsd").toDouble(), 1.0);
        QCOMPARE(a.value("slices_scored").toInt(), 6);
        Run none = cli({"eval", "--prediction", labels, "--reference", labels, "--prediction-label", "5",
                        "--reference-label", "2", "--slices", "2-3"});
        QCOMPARE(none.exitCode, 0);
        const QJsonObject b = QJsonDocument::fromJson(none.out.toUtf8()).object();
        QCOMPARE(b.value("dice").toDouble(), 0.0);
        QCOMPARE(b.value("slices_scored").toInt(), 2);
    }

    void trainSegmentEvaluate()
    {
        const QString other =
            test::samFixtureFile(QStringLiteral("vit_mini.pth")); // a wrong base for the adapter
        DELINEATE_REQUIRE_FILE(kFixture);
        DELINEATE_REQUIRE_FILE(other);
        QTemporaryDir dir;
        const QString image = dir.filePath("study.nii.gz"), labels = dir.filePath("labels.nii.gz");
        writeStudy(image, labels);
        const QString adapter = dir.filePath("disc.safetensors");
        // --seconds: the quick preset's 60 s budget would make the iteration count depend on the machine's
        // load.
        Run train = cli({"train",  "--model",   kFixture,  "--image",      image,    "--labels",
                         labels,   "--label",   "2",       "--slices",     "1-5",    "--held-out",
                         "6",      "--scope",   "decoder", "--iterations", "3",      "--seconds",
                         "100000", "--threads", "2",       "--no-augment", "--name", "disc",
                         "--json", "--out",     adapter});
        QVERIFY2(train.exitCode == 0, qPrintable(train.err));
        const QJsonObject report = QJsonDocument::fromJson(train.out.toUtf8()).object();
        QCOMPARE(report.value("iterations").toInt(), 3);
        QCOMPARE(report.value("strategy").toString(), QStringLiteral("decoder+adapter+prompt_free"));
        QVERIFY(report.value("dice_training_before").isDouble());
        QVERIFY(report.value("dice_held_out_after").isDouble());
        QVERIFY(QFileInfo(adapter).size() > 0);
        // Metadata travels inside the adapter (safetensors header is JSON after an 8-byte length).
        QFile file(adapter);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray head = file.read(1 << 20);
        for (const char* key :
             {"base_checkpoint_sha256", "\"label\":\"disc\"", "K 1; K 2; K 3; K 4; K 5", "held_out_slices"})
            QVERIFY2(head.contains(key), key);

        const QString segmented = dir.filePath("segmented.nii.gz");
        Run segment = cli({"segment", "--model", kFixture, "--adapter", adapter, "--image", image, "--slices",
                           "2,3", "--value", "4", "--threads", "2", "--quiet", "--out", segmented});
        QVERIFY2(segment.exitCode == 0, qPrintable(segment.err));
        QVERIFY(segment.out.contains(QStringLiteral("2 slice(s) segmented")));
        auto study = io::loadStudy(image.toStdString());
        QVERIFY(study.ok());
        auto written = io::loadLabelMap(segmented.toStdString(), *study); // same grid or refused
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message().c_str());
        for (std::int64_t k : {0, 1, 4, 5, 6, 7})
            for (std::int64_t j = 0; j < 40; ++j)
                for (std::int64_t i = 0; i < 48; ++i)
                    QCOMPARE(int(written->at(i, j, k)), 0);

        Run eval = cli({"eval", "--prediction", segmented, "--reference", labels, "--prediction-label", "4",
                        "--reference-label", "2", "--slices", "2,3", "--tolerance", "2"});
        QCOMPARE(eval.exitCode, 0);
        const QJsonObject e = QJsonDocument::fromJson(eval.out.toUtf8()).object();
        QVERIFY(e.value("dice").toDouble() >= 0.0 && e.value("dice").toDouble() <= 1.0);
        QCOMPARE(e.value("nsd_tolerance_mm").toDouble(), 2.0);

        // A wrong base model for the adapter is refused with a clear message.
        Run wrong = cli({"segment", "--model", other, "--adapter", adapter, "--image", image, "--slices", "2",
                         "--out", dir.filePath("x.nii.gz")});
        QVERIFY(wrong.exitCode != 0);
        QVERIFY2(wrong.err.contains(QStringLiteral("base checkpoint")), qPrintable(wrong.err));
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestCliFewShot)
#include "tst_cli_fewshot.moc"
