// delineate-cli export-seg / import-seg write the provenance document beside what they write (issue 15.4:
// "every export path, GUI and CLI"), as the app's Export Labels as DICOM SEG does: `<SEG>.provenance.json`
// in the schema of docs/provenance.md, from the label map's provenance log (the `.provenance-log.json` a
// project keeps beside it, or --provenance-log), every slice holding a label listed. import-seg's label
// map gets `<out>.provenance.json` with source "import".
//
// The study is a copy of the real MR series in ../shared with fresh UIDs (tests/dicomseg/SeriesCopy.h).
// The label map and the log are written here by hand; every expected document below is derived by hand
// from them (which slices hold which label, which record belongs to which slice), not from our output.

#include "../dicomseg/SeriesCopy.h"
#include "../support/CliRun.h"
#include "image/LabelMap.h"
#include "io/StudyLoader.h"
#include "support/QtTestMain.h"
#include "support/TestData.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace delineate;

namespace {

// A log as a project keeps it (docs/provenance.md, "delineate-provenance-log" version 1), by hand:
// label 3 slice 1 a click with vit_t, slice 2 brushed (and reviewed), slice 4 a click whose voxels are
// gone since (the map does not hold label 3 there); label 7 slice 5 propagated with an adapter.
const char* const kLog = R"({
  "schema": "delineate-provenance-log", "version": 1,
  "records": [
    {"axis": 2, "label": 3, "slice": 1, "source": "click", "model": "vit_t.pth", "predicted_iou": 0.875,
     "recorded": "2026-12-06T10:00:00Z"},
    {"axis": 2, "label": 3, "slice": 2, "source": "brush", "recorded": "2026-12-06T10:01:00Z"},
    {"axis": 2, "label": 3, "slice": 4, "source": "click", "model": "vit_t.pth", "predicted_iou": 0.5,
     "recorded": "2026-12-06T10:02:00Z"},
    {"axis": 2, "label": 7, "slice": 5, "source": "propagation", "model": "vit_t.pth",
     "adapter": "a.safetensors", "predicted_iou": 0.5, "stability": 0.25, "anchor": 4, "from_slice": 4,
     "recorded": "2026-12-06T10:03:00Z"}
  ],
  "reviewed": [{"axis": 2, "slice": 2, "at": "2026-12-06T11:00:00Z"}]
})";

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool writeText(const QString& path, const QByteArray& text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

// The slices of label `value` in an export document, or an empty array.
QJsonArray slicesOf(const QJsonObject& document, int value)
{
    for (const QJsonValue label : document["labels"].toArray())
        if (label["value"].toInt() == value)
            return label["slices"].toArray();
    return {};
}

} // namespace

class TestCliSegProvenance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        DELINEATE_REQUIRE_FILE(dicomseg::test::kMrSeries);
        QVERIFY(m_dir.isValid());
        m_series = m_dir.filePath("series");
        QVERIFY(dicomseg::test::writeSeriesCopy(m_series, 8));
        auto study = io::loadStudy(m_series.toStdString());
        QVERIFY2(study.ok(), study.ok() ? "" : study.error().message().c_str());
        QCOMPARE(study->volume.geometry().size[2], std::int64_t(8));
        auto labels = image::LabelMap::createFor(study->volume);
        QVERIFY(labels.ok());
        // Label 3 on slices 1..3, label 7 on slice 5 (10 x 10 squares).
        for (const auto& [value, k] : {std::pair<int, int>{3, 1}, {3, 2}, {3, 3}, {7, 5}})
            for (std::int64_t j = 20; j < 30; ++j)
                for (std::int64_t i = 20; i < 30; ++i)
                    labels->at(i, j, k) = image::LabelMap::Value(value);
        m_labels = m_dir.filePath("labels.nii.gz");
        QVERIFY(io::saveLabelMap(*labels, *study, m_labels.toStdString()).ok());
    }

    // The log beside the label map (labels.provenance-log.json, where a project keeps it) becomes
    // seg.dcm.provenance.json: the same file name and schema as the app's SEG export.
    void exportSegWritesProvenanceFromTheLogBesideTheLabels()
    {
        QVERIFY(writeText(m_dir.filePath("labels.provenance-log.json"), kLog));
        const QString seg = m_dir.filePath("seg.dcm");
        const auto run =
            test::runCli({"export-seg", "--image", m_series, "--labels", m_labels, "--out", seg});
        QFile::remove(m_dir.filePath("labels.provenance-log.json"));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY(QFileInfo::exists(seg));
        const QJsonObject document = readJson(seg + ".provenance.json");
        QCOMPARE(document["schema"].toString(), QStringLiteral("delineate-provenance"));
        QCOMPARE(document["version"].toInt(), 1);
        QCOMPARE(document["generator"].toString(), QStringLiteral("delineate-cli export-seg"));
        QCOMPARE(document["study"].toString(), m_series);
        QCOMPARE(document["label_map"].toString(), QStringLiteral("seg.dcm"));
        QCOMPARE(document["axis"].toString(), QStringLiteral("k"));
        QVERIFY(!document["created"].toString().isEmpty());
        QCOMPARE(document["labels"].toArray().size(), 2);

        const QJsonArray three = slicesOf(document, 3); // slices 1, 2, 3 hold label 3; slice 4 does not
        QCOMPARE(three.size(), 3);
        QCOMPARE(three[0].toObject(), QJsonDocument::fromJson(R"({"index": 1, "source": "click",
            "model": {"checkpoint": "vit_t.pth"}, "adapter": null, "predicted_iou": 0.875,
            "recorded": "2026-12-06T10:00:00Z", "reviewed": false})")
                                          .object());
        QCOMPARE(three[1].toObject(), QJsonDocument::fromJson(R"({"index": 2, "source": "brush",
            "model": null, "adapter": null, "recorded": "2026-12-06T10:01:00Z", "reviewed": true,
            "reviewed_at": "2026-12-06T11:00:00Z"})")
                                          .object());
        QCOMPARE(three[2].toObject(),
                 QJsonDocument::fromJson(R"({"index": 3, "source": "unknown", "reviewed": false})").object());
        const QJsonArray seven = slicesOf(document, 7);
        QCOMPARE(seven.size(), 1);
        QCOMPARE(seven[0].toObject(), QJsonDocument::fromJson(R"({"index": 5, "source": "propagation",
            "model": {"checkpoint": "vit_t.pth"}, "adapter": {"path": "a.safetensors"},
            "predicted_iou": 0.5, "stability": 0.25, "anchor": 4, "from_slice": 4,
            "recorded": "2026-12-06T10:03:00Z", "reviewed": false})")
                                          .object());
    }

    // --provenance-log names the log; without any log every slice holding a label is "unknown".
    void exportSegProvenanceLogOptionAndNoLog()
    {
        const QString log = m_dir.filePath("elsewhere.json");
        QVERIFY(writeText(log, kLog));
        const QString named = m_dir.filePath("named.dcm");
        auto run = test::runCli({"export-seg", "--image", m_series, "--labels", m_labels, "--out", named,
                                 "--provenance-log", log});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(slicesOf(readJson(named + ".provenance.json"), 3)[0].toObject()["source"].toString(),
                 QStringLiteral("click"));

        const QString bare = m_dir.filePath("bare.dcm");
        run = test::runCli({"export-seg", "--image", m_series, "--labels", m_labels, "--out", bare});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject document = readJson(bare + ".provenance.json");
        QCOMPARE(document["axis"].toString(), QStringLiteral("k"));
        QCOMPARE(slicesOf(document, 3).size(), 3);
        QCOMPARE(slicesOf(document, 7).size(), 1);
        for (const int value : {3, 7})
            for (const QJsonValue slice : slicesOf(document, value))
                QCOMPARE(slice["source"].toString(), QStringLiteral("unknown"));
    }

    // A log that is not one (or a named log that does not exist): one line naming it, nothing written.
    void badProvenanceLogWritesNothing()
    {
        const QString corrupt = m_dir.filePath("corrupt-log.json");
        QVERIFY(writeText(corrupt, "{\"schema\": \"something else\"}"));
        const QString seg = m_dir.filePath("refused.dcm");
        for (const QString& log : {corrupt, m_dir.filePath("missing-log.json")}) {
            const auto run = test::runCli({"export-seg", "--image", m_series, "--labels", m_labels, "--out",
                                           seg, "--provenance-log", log});
            QCOMPARE(run.exitCode, 1);
            QCOMPARE(run.err.trimmed().count(QLatin1Char('\n')), 0);
            QVERIFY2(run.err.contains(log), qPrintable(run.err));
            QVERIFY(!QFileInfo::exists(seg));
            QVERIFY(!QFileInfo::exists(seg + ".provenance.json"));
        }
    }

    // import-seg: the label map it writes comes with "import" on every slice holding a label.
    void importSegWritesImportProvenance()
    {
        const QString seg = m_dir.filePath("bare.dcm");
        QVERIFY(QFileInfo::exists(seg)); // written by exportSegProvenanceLogOptionAndNoLog
        const QString out = m_dir.filePath("imported.nii.gz");
        const auto run = test::runCli({"import-seg", "--image", m_series, "--seg", seg, "--out", out});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject document = readJson(m_dir.filePath("imported.provenance.json"));
        QCOMPARE(document["generator"].toString(), QStringLiteral("delineate-cli import-seg"));
        QCOMPARE(document["label_map"].toString(), QStringLiteral("imported.nii.gz"));
        const QJsonArray labels = document["labels"].toArray();
        QCOMPARE(labels.size(), 2);
        // The SEG's segments in label order: the first holds slices 1..3, the second slice 5.
        const QList<QList<int>> expected = {{1, 2, 3}, {5}};
        for (int n = 0; n < 2; ++n) {
            QList<int> indexes;
            for (const QJsonValue slice : labels[n]["slices"].toArray()) {
                QCOMPARE(slice["source"].toString(), QStringLiteral("import"));
                QVERIFY(!slice["recorded"].toString().isEmpty());
                indexes << slice["index"].toInt();
            }
            QCOMPARE(indexes, expected[n]);
        }
    }

private:
    QTemporaryDir m_dir;
    QString m_series;
    QString m_labels;
};

DELINEATE_TEST_GUILESS_MAIN(TestCliSegProvenance)
#include "tst_cli_seg_provenance.moc"
