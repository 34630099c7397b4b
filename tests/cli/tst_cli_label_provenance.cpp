// Every label map delineate-cli makes with SAM gets the provenance document beside it (issue 15.1, "every
// export path, GUI and CLI"; docs/provenance.md): `segment` records "prompt_free" on each slice holding
// its value, `everything` records "everything" with SAM's predicted IoU and stability of each mask,
// `predict` records its slice as "box", "click" or "prompt_free" with the mask's predicted IoU.
//
// Fixture MobileSAM vit_t (random weights, ../shared/fixtures/sam: its single-mask output is 95-98 %
// positive, so the prompt-free map is not empty). What is checked is that the document describes the map
// written beside it: its slices are found here by scanning that map, its IoU and stability are the ones
// OUT.masks.json (predict: its printed line) gives for the same value (the generator's numbers themselves are
// checked against the official SamAutomaticMaskGenerator in tests/automask); source, model, adapter and names
// are known by hand.

#include "../support/CliRun.h"
#include "image/LabelMap.h"
#include "io/StudyLoader.h"
#include "support/QtTestMain.h"
#include "support/TestData.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace delineate;

namespace {

const QString kFixture = delineate::test::samFixtureFile(QStringLiteral("vit_t.pth"));

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// value -> the axial slices of `labels` holding it.
std::map<int, QList<int>> slicesHolding(const image::LabelMap& labels)
{
    std::map<int, std::set<int>> found;
    const auto& size = labels.geometry().size;
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i)
                if (const int value = labels.at(i, j, k); value != 0)
                    found[value].insert(int(k));
    std::map<int, QList<int>> out;
    for (const auto& [value, slices] : found)
        out[value] = QList<int>(slices.begin(), slices.end());
    return out;
}

// value -> the slice indexes the document lists for it.
std::map<int, QList<int>> slicesListed(const QJsonObject& document)
{
    std::map<int, QList<int>> out;
    for (const QJsonValue label : document["labels"].toArray())
        for (const QJsonValue slice : label["slices"].toArray())
            out[label["value"].toInt()] << slice["index"].toInt();
    return out;
}

} // namespace

class TestCliLabelProvenance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        DELINEATE_REQUIRE_FILE(kFixture);
        QVERIFY(m_dir.isValid());
        image::Geometry grid;
        grid.size = {40, 30, 3};
        auto volume = image::Volume::create(grid);
        QVERIFY(volume.ok());
        for (std::int64_t k = 0; k < 3; ++k)
            for (std::int64_t j = 0; j < 30; ++j)
                for (std::int64_t i = 0; i < 40; ++i)
                    volume->at(i, j, k) =
                        float((i - 20) * (i - 20) + (j - 15) * (j - 15) < 64 ? 200 : 20 + k);
        m_image = m_dir.filePath("image.nii.gz");
        QVERIFY(io::saveVolume(*volume, m_image.toStdString()).ok());
        auto study = io::loadStudy(m_image.toStdString());
        QVERIFY(study.ok());
        m_study = std::move(study).value();
    }

    void segmentWritesPromptFreeProvenance()
    {
        const QString out = m_dir.filePath("segment.nii.gz");
        const auto run = test::runCli({"segment", "--model", kFixture, "--image", m_image, "--out", out,
                                       "--value", "4", "--threads", "1", "--quiet"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        auto labels = io::loadLabelMap(out.toStdString(), m_study);
        QVERIFY(labels.ok());
        const auto holding = slicesHolding(*labels);
        QVERIFY2(holding.count(4) && !holding.at(4).isEmpty(), "the fixture's prompt-free map is not empty");
        const QJsonObject document = readJson(m_dir.filePath("segment.provenance.json"));
        QCOMPARE(document["schema"].toString(), QStringLiteral("delineate-provenance"));
        QCOMPARE(document["generator"].toString(), QStringLiteral("delineate-cli segment"));
        QCOMPARE(document["study"].toString(), m_image);
        QCOMPARE(document["label_map"].toString(), QStringLiteral("segment.nii.gz"));
        QCOMPARE(document["axis"].toString(), QStringLiteral("k"));
        QVERIFY(slicesListed(document) == holding);
        for (const QJsonValue slice : document["labels"].toArray().at(0)["slices"].toArray()) {
            QCOMPARE(slice["source"].toString(), QStringLiteral("prompt_free"));
            QCOMPARE(slice["model"].toObject(), QJsonObject({{"checkpoint", "vit_t.pth"}}));
            QVERIFY(slice["adapter"].isNull());
            QVERIFY(!slice["recorded"].toString().isEmpty());
        }
    }

    void everythingWritesEverythingProvenance()
    {
        const QString out = m_dir.filePath("everything.nii.gz");
        const auto run = test::runCli({"everything", "--model", kFixture, "--image", m_image, "--out", out,
                                       "--slice", "1", "--points-per-side", "2", "--iou-threshold", "0",
                                       "--stability-threshold", "0", "--threads", "1", "--quiet"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        auto labels = io::loadLabelMap(out.toStdString(), m_study);
        QVERIFY(labels.ok());
        const auto holding = slicesHolding(*labels);
        QVERIFY(!holding.empty());
        const QJsonObject document = readJson(m_dir.filePath("everything.provenance.json"));
        QCOMPARE(document["generator"].toString(), QStringLiteral("delineate-cli everything"));
        QCOMPARE(document["label_map"].toString(), QStringLiteral("everything.nii.gz"));
        QVERIFY(slicesListed(document) == holding); // every value on slice 1 only
        std::map<int, QJsonObject> masks;
        for (const QJsonValue mask : readJson(out + ".masks.json")["masks"].toArray())
            masks[mask["value"].toInt()] = mask.toObject();
        for (const QJsonValue label : document["labels"].toArray()) {
            const QJsonObject slice = label["slices"].toArray()[0].toObject();
            const QJsonObject& mask = masks.at(label["value"].toInt());
            QCOMPARE(slice["source"].toString(), QStringLiteral("everything"));
            QCOMPARE(slice["model"].toObject(), QJsonObject({{"checkpoint", "vit_t.pth"}}));
            QCOMPARE(slice["predicted_iou"].toDouble(), mask["predicted_iou"].toDouble());
            QCOMPARE(slice["stability"].toDouble(), mask["stability_score"].toDouble());
        }
    }

    void predictWritesPromptProvenance_data()
    {
        QTest::addColumn<QStringList>("prompt");
        QTest::addColumn<QString>("source");
        QTest::newRow("box") << QStringList{"--box", "12,7,28,23"} << QStringLiteral("box");
        QTest::newRow("box and point")
            << QStringList{"--box", "12,7,28,23", "--point", "20,15,1"} << QStringLiteral("box");
        QTest::newRow("point") << QStringList{"--point", "20,15,1"} << QStringLiteral("click");
        QTest::newRow("prompt-free") << QStringList{"--prompt-free"} << QStringLiteral("prompt_free");
    }

    void predictWritesPromptProvenance()
    {
        QFETCH(QStringList, prompt);
        QFETCH(QString, source);
        const QString out = m_dir.filePath("predict.nii.gz");
        const auto run = test::runCli(
            QStringList{"predict", "--model", kFixture, "--image", m_image, "--slice", "2", "--out", out} +
            prompt);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        // "<image>: slice 2, 3 mask(s), IoU 0.1234 0.5678 0.9012, mask 2 -> <out>": the IoU of mask 2 is the
        // one of the mask written.
        const QRegularExpressionMatch printed =
            QRegularExpression(QStringLiteral("mask\\(s\\), IoU ([-0-9. ]+), mask ([0-9]+) ->"))
                .match(run.out);
        QVERIFY2(printed.hasMatch(), qPrintable(run.out));
        const QStringList ious = printed.captured(1).split(QLatin1Char(' '));
        const int written = printed.captured(2).toInt();
        QVERIFY(written < ious.size());
        auto labels = io::loadLabelMap(out.toStdString(), m_study);
        QVERIFY(labels.ok());
        const auto holding = slicesHolding(*labels);
        QVERIFY2(holding.count(1) && holding.at(1) == QList<int>{2},
                 "the fixture's mask on slice 2 is not empty");
        const QJsonObject document = readJson(m_dir.filePath("predict.provenance.json"));
        QCOMPARE(document["generator"].toString(), QStringLiteral("delineate-cli predict"));
        QCOMPARE(document["label_map"].toString(), QStringLiteral("predict.nii.gz"));
        QCOMPARE(document["axis"].toString(), QStringLiteral("k"));
        QVERIFY(slicesListed(document) == holding);
        const QJsonObject slice = document["labels"].toArray().at(0)["slices"].toArray()[0].toObject();
        QCOMPARE(slice["source"].toString(), source);
        QCOMPARE(slice["model"].toObject(), QJsonObject({{"checkpoint", "vit_t.pth"}}));
        QVERIFY(slice["adapter"].isNull());
        QVERIFY(qAbs(slice["predicted_iou"].toDouble() - ious[written].toDouble()) <= 5e-5); // %.4f
    }

private:
    QTemporaryDir m_dir;
    QString m_image;
    io::Study m_study;
};

DELINEATE_TEST_GUILESS_MAIN(TestCliLabelProvenance)
#include "tst_cli_label_provenance.moc"
