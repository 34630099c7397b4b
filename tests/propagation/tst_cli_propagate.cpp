// delineate-cli propagate, run as a user runs it (QProcess), on Colin27 (../shared/data) with the fixture
// vit_t (random weights: its masks are noise, so nothing here judges their quality). Mechanics only: argument
// errors are one line; the label map lies on the study's grid; anchors and other labels are kept; the label
// ends where the request says (range end, locked slice, where two fronts meet, an IoU threshold no mask
// reaches); the provenance file agrees with the map.
//
// Why the stops are exact: the fixture's README says vit_t's single-mask token carries an offset that makes
// >= 99.9 % of its logits at the original size positive, so with --single-mask no mask comes out empty
// (the background outside the head alone stays in it), and --iou-threshold -100 / --min-pixels 0 /
// --min-area-ratio 0 switch the other model-dependent stops off. What remains follows from the request.
#include "../support/CliRun.h"
#include "image/LabelMap.h"
#include "image/Slice.h"
#include "io/StudyLoader.h"
#include "support/QtTestMain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <map>
#include <set>

using namespace delineate;

namespace {

const QString kShared = QStringLiteral(DELINEATE_SHARED_DIR);
const QString kModel = kShared + "/fixtures/sam/vit_t.pth";
const QString kColin = kShared + "/data/mri_brain_colin27_aal";
const QString kImage = kColin + "/ch2.nii.gz";
const QString kAal = kColin + "/aal.nii.gz";
const QString kBrain = kColin + "/ch2_brainmask_derived.nii.gz";

test::CliRun cli(const QStringList& arguments)
{
    return test::runCli(arguments, 900000);
}

bool haveData()
{
    return std::filesystem::exists(kModel.toStdString()) && std::filesystem::exists(kImage.toStdString()) &&
           std::filesystem::exists(kAal.toStdString());
}

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Voxels of `value` per slice along `axis`.
std::map<std::int64_t, std::int64_t> countsPerSlice(const image::LabelMap& labels, image::SliceAxis axis,
                                                    image::LabelMap::Value value)
{
    std::map<std::int64_t, std::int64_t> counts;
    for (std::int64_t s = 0; s < image::sliceCount(labels.geometry(), axis); ++s) {
        const auto plane = image::extractLabelSlice(labels, axis, s);
        const auto n = std::count(plane.pixels.begin(), plane.pixels.end(), value);
        if (n)
            counts[s] = n;
    }
    return counts;
}

QJsonObject stopOf(const QJsonArray& stops, int anchor, const QString& direction)
{
    for (const auto& s : stops)
        if (s.toObject().value("anchor").toInt() == anchor &&
            s.toObject().value("direction").toString() == direction)
            return s.toObject();
    return {};
}

} // namespace

class TestCliPropagate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void argumentErrorsAreOneLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected");
        const QStringList base{"propagate", "--model", kModel,  "--image",      kImage,
                               "--label",   "8",       "--out", "/tmp/x.nii.gz"};
        QTest::newRow("no seed") << base << "propagate needs --labels";
        QTest::newRow("projection") << (base + QStringList{"--labels", kAal, "--projection", "lasso"})
                                    << "--projection must be box, mask, points or box+points";
        QTest::newRow("threshold") << (base + QStringList{"--labels", kAal, "--iou-threshold", "high"})
                                   << "--iou-threshold expects a number";
        QTest::newRow("anchor list") << (base + QStringList{"--labels", kAal, "--anchors", "8O"})
                                     << "--anchors";
        QTest::newRow("missing study")
            << QStringList{"propagate",    "--model", kModel,    "--image", "/nonexistent/ch2.nii.gz",
                           "--labels",     kAal,      "--label", "8",       "--out",
                           "/tmp/x.nii.gz"}
            << "/nonexistent/ch2.nii.gz";
        QTest::newRow("anchor without the label") << (base + QStringList{"--labels", kAal, "--anchors", "10"})
                                                  << "aal.nii.gz: anchor slice 10 holds no voxel of label 8";
    }

    void argumentErrorsAreOneLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        if (!haveData())
            DELINEATE_SKIP("Colin27 (../shared/data) or fixtures/sam/vit_t.pth not available");
        const test::CliRun run = cli(arguments);
        QVERIFY(run.exitCode > 0);
        QVERIFY2(run.err.contains(expected), qPrintable(run.err));
        QCOMPARE(run.err.trimmed().count(QLatin1Char('\n')), 0);
    }

    void helpNamesTheCommand()
    {
        const test::CliRun run = cli({"--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(
            "propagate --model CKPT [--adapter FILE] --image STUDY --labels SEED --label V"));
    }

    void twoAnchorsRangeAndLockedSlice()
    {
        if (!haveData())
            DELINEATE_SKIP("Colin27 (../shared/data) or fixtures/sam/vit_t.pth not available");
        QTemporaryDir dir;
        const QString out = dir.filePath("frontal.nii.gz");
        // Label 8 (Frontal_Mid_R) holds axial slices 69..137. Anchors 88 and 92, range 85..94, 94 locked.
        const test::CliRun run = cli({"propagate",
                                      "--model",
                                      kModel,
                                      "--image",
                                      kImage,
                                      "--labels",
                                      kAal,
                                      "--label",
                                      "8",
                                      "--anchors",
                                      "88,92",
                                      "--range",
                                      "85-94",
                                      "--locked",
                                      "94",
                                      "--single-mask",
                                      "--iou-threshold",
                                      "-100",
                                      "--min-pixels",
                                      "0",
                                      "--min-area-ratio",
                                      "0",
                                      "--threads",
                                      "2",
                                      "--quiet",
                                      "--out",
                                      out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));

        auto study = io::loadStudy(kImage.toStdString());
        QVERIFY(study.ok());
        auto seed = io::loadLabelMap(kAal.toStdString(), *study);
        auto result = io::loadLabelMap(out.toStdString(), *study); // refuses another grid
        QVERIFY(seed.ok() && result.ok());
        QCOMPARE(result->geometry().size, study->volume.geometry().size);

        // Other labels untouched; label 8 only where it was or on background (no --overwrite).
        std::int64_t otherChanged = 0;
        for (std::size_t v = 0; v < seed->voxelCount(); ++v) {
            const auto was = seed->data()[v], now = result->data()[v];
            if (was != 8 && now != was && !(was == 0 && now == 8))
                ++otherChanged;
        }
        QCOMPARE(otherChanged, std::int64_t(0));
        // Anchors exactly as in the seed.
        for (std::int64_t k : {88, 92})
            for (std::int64_t j = 0; j < 217; ++j)
                for (std::int64_t i = 0; i < 181; ++i)
                    QCOMPARE(result->at(i, j, k) == 8, seed->at(i, j, k) == 8);
        // The fronts in turn (88 down, 88 up, 92 down, 92 up): 87 89 91 93 | 86 90 met locked | 85 met |
        // range end. So label 8 is on 85..93 but 94, and nowhere else.
        const auto counts = countsPerSlice(*result, image::SliceAxis::K, 8);
        std::set<std::int64_t> slices;
        for (const auto& [s, n] : counts)
            slices.insert(s);
        QCOMPARE(slices, (std::set<std::int64_t>{85, 86, 87, 88, 89, 90, 91, 92, 93}));

        const QJsonObject provenance = readJson(dir.filePath("frontal.provenance.json"));
        QCOMPARE(provenance.value("schema").toString(), QStringLiteral("delineate-provenance"));
        QCOMPARE(provenance.value("version").toInt(), 1);
        QCOMPARE(provenance.value("label_map").toString(), QStringLiteral("frontal.nii.gz"));
        QCOMPARE(provenance.value("axis").toString(), QStringLiteral("k"));
        const QJsonObject label = provenance.value("labels").toArray().at(0).toObject();
        QCOMPARE(label.value("value").toInt(), 8);
        const std::map<int, int> anchorOf = {{85, 88}, {86, 88}, {87, 88}, {89, 88},
                                             {90, 88}, {91, 92}, {93, 92}};
        int previous = -1;
        for (const auto& entry : label.value("slices").toArray()) {
            const QJsonObject s = entry.toObject();
            const int index = s.value("index").toInt();
            QVERIFY(index > previous);
            previous = index;
            QVERIFY(slices.count(index));
            if (index == 88 || index == 92) {
                QCOMPARE(s.value("source").toString(), QStringLiteral("anchor"));
                continue;
            }
            QCOMPARE(s.value("source").toString(), QStringLiteral("propagation"));
            QCOMPARE(s.value("anchor").toInt(), anchorOf.at(index));
            QCOMPARE(s.value("from_slice").toInt(), index < anchorOf.at(index) ? index + 1 : index - 1);
            QCOMPARE(s.value("pixels").toInteger(), qint64(counts.at(index)));
            QVERIFY(s.value("predicted_iou").isDouble());
            QVERIFY(s.value("stability").toDouble() >= 0.0 && s.value("stability").toDouble() <= 1.0);
            QCOMPARE(s.value("model").toObject().value("variant").toString(), QStringLiteral("vit_t"));
            QCOMPARE(s.value("model").toObject().value("sha256").toString().size(), 64);
            QVERIFY(s.value("adapter").isNull());
        }
        QCOMPARE(label.value("slices").toArray().size(), 9);
        const QJsonArray stops = label.value("propagation").toObject().value("stops").toArray();
        QCOMPARE(stops.size(), 4);
        const QJsonObject down88 = stopOf(stops, 88, "down"), up88 = stopOf(stops, 88, "up");
        const QJsonObject down92 = stopOf(stops, 92, "down"), up92 = stopOf(stops, 92, "up");
        QCOMPARE(down88.value("reason").toString(), QStringLiteral("study_end"));
        QCOMPARE(down88.value("last_slice").toInt(), 85);
        QVERIFY(down88.value("stop_slice").isNull());
        QCOMPARE(up88.value("reason").toString(), QStringLiteral("met"));
        QCOMPARE(up88.value("stop_slice").toInt(), 91);
        QCOMPARE(down92.value("reason").toString(), QStringLiteral("met"));
        QCOMPARE(down92.value("stop_slice").toInt(), 90);
        QCOMPARE(up92.value("reason").toString(), QStringLiteral("locked"));
        QCOMPARE(up92.value("stop_slice").toInt(), 94);
        QCOMPARE(up92.value("last_slice").toInt(), 93);
    }

    void otherAxisAndIouThreshold()
    {
        if (!haveData() || !std::filesystem::exists(kBrain.toStdString()))
            DELINEATE_SKIP("Colin27 (../shared/data) or fixtures/sam/vit_t.pth not available");
        QTemporaryDir dir;
        // Sagittal (axis i) with the mask projection, from slice 90 of the brain mask over 89..91.
        const QString sagittal = dir.filePath("sagittal.nii.gz");
        test::CliRun run = cli({"propagate",
                                "--model",
                                kModel,
                                "--image",
                                kImage,
                                "--labels",
                                kBrain,
                                "--label",
                                "1",
                                "--anchors",
                                "90",
                                "--axis",
                                "i",
                                "--projection",
                                "mask",
                                "--range",
                                "89-91",
                                "--single-mask",
                                "--iou-threshold",
                                "-100",
                                "--min-pixels",
                                "0",
                                "--min-area-ratio",
                                "0",
                                "--threads",
                                "2",
                                "--quiet",
                                "--out",
                                sagittal});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        auto study = io::loadStudy(kImage.toStdString());
        auto result = io::loadLabelMap(sagittal.toStdString(), *study);
        QVERIFY(result.ok());
        std::set<std::int64_t> slices;
        for (const auto& [s, n] : countsPerSlice(*result, image::SliceAxis::I, 1))
            slices.insert(s);
        QCOMPARE(slices, (std::set<std::int64_t>{89, 90, 91}));

        // An IoU threshold no prediction reaches: both fronts stop at their first slice, the map holds the
        // anchor.
        const QString none = dir.filePath("none.nii.gz");
        run = cli({"propagate", "--model", kModel, "--image", kImage, "--labels", kBrain, "--label", "1",
                   "--anchors", "90", "--iou-threshold", "100", "--single-mask", "--threads", "2", "--quiet",
                   "--out", none});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        result = io::loadLabelMap(none.toStdString(), *study);
        QVERIFY(result.ok());
        QCOMPARE(countsPerSlice(*result, image::SliceAxis::K, 1).size(), std::size_t(1));
        const QJsonObject provenance = readJson(dir.filePath("none.provenance.json"));
        const QJsonArray stops = provenance.value("labels")
                                     .toArray()
                                     .at(0)
                                     .toObject()
                                     .value("propagation")
                                     .toObject()
                                     .value("stops")
                                     .toArray();
        QCOMPARE(stops.size(), 2);
        for (const auto& stop : stops) {
            QCOMPARE(stop.toObject().value("reason").toString(), QStringLiteral("low_iou"));
            QCOMPARE(stop.toObject().value("last_slice").toInt(), 90);
            QVERIFY(stop.toObject().value("predicted_iou").toDouble() < 100.0);
        }
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestCliPropagate)
#include "tst_cli_propagate.moc"
