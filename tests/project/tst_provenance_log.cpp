// ProvenanceLog (core/project): the record behind the slice strip, N and the exported
// `<label map>.provenance.json`. Round trips through text and files, refusal of foreign or future
// documents, and the export document checked field by field against hand-set records and a hand-set
// label map (which slices hold which label is known by construction).

#include "image/LabelMap.h"
#include "project/ProvenanceLog.h"
#include "support/QtTestMain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace delineate;
using namespace delineate::project;

namespace {

SliceProvenance propagated(double iou, double stability)
{
    SliceProvenance p;
    p.source = "propagation";
    p.model = "vit_t.pth";
    p.adapter = "frontal-v2.safetensors";
    p.predictedIou = iou;
    p.stability = stability;
    p.anchor = 4;
    p.fromSlice = 5;
    p.recorded = "2026-12-06T08:00:00Z";
    return p;
}

ProvenanceLog sampleLog()
{
    ProvenanceLog log;
    log.record(2, 3, 6, propagated(0.8125, 0.5));
    log.record(2, 3, 4, {"brush", {}, {}, {}, {}, {}, {}, "2026-12-06T07:59:00Z"});
    log.record(0, 1, 2, {"click", "vit_t.pth", {}, 0.25, {}, {}, {}, "2026-12-06T07:58:00Z"});
    log.setReviewed(2, 4, true, "2026-12-06T08:01:00Z");
    return log;
}

QJsonObject parse(const std::string& text)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

} // namespace

class TestProvenanceLog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void recordsReplaceAndList();
    void roundTripsThroughTextAndFile();
    void refusesForeignAndFutureDocuments_data();
    void refusesForeignAndFutureDocuments();
    void missingFileIsEmpty();
    void exportListsEverySliceHoldingTheLabel();
    void pathsBesideTheLabelMap();
};

void TestProvenanceLog::recordsReplaceAndList()
{
    ProvenanceLog log = sampleLog();
    QCOMPARE(log.slices(2, 3).size(), std::size_t(2));
    QCOMPARE(log.find(2, 3, 6)->source, std::string("propagation"));
    log.record(2, 3, 6, {"eraser", {}, {}, {}, {}, {}, {}, "2026-12-06T08:02:00Z"}); // the latest edit wins
    QCOMPARE(log.find(2, 3, 6)->source, std::string("eraser"));
    QVERIFY(!log.find(2, 3, 6)->predictedIou);
    QVERIFY(!log.find(1, 3, 6));
    log.setReviewed(2, 4, false, {});
    QVERIFY(!log.reviewedAt(2, 4));
}

void TestProvenanceLog::roundTripsThroughTextAndFile()
{
    const ProvenanceLog log = sampleLog();
    auto back = ProvenanceLog::fromJson(log.toJson());
    QVERIFY(back);
    QCOMPARE(back->toJson(), log.toJson());
    QCOMPARE(*back->find(2, 3, 6)->predictedIou, 0.8125);
    QCOMPARE(*back->find(2, 3, 6)->anchor, std::int64_t(4));
    QCOMPARE(*back->reviewedAt(2, 4), std::string("2026-12-06T08:01:00Z"));
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("labels.provenance-log.json")).toStdString();
    QVERIFY(log.save(path));
    auto loaded = ProvenanceLog::load(path);
    QVERIFY(loaded);
    QCOMPARE(loaded->toJson(), log.toJson());
}

void TestProvenanceLog::refusesForeignAndFutureDocuments_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("not json") << QStringLiteral("{\"schema\": ");
    QTest::newRow("other schema") << QStringLiteral(
        "{\"schema\": \"x\", \"version\": 1, \"records\": [], \"reviewed\": []}");
    QTest::newRow("future version") << QStringLiteral(
        "{\"schema\": \"delineate-provenance-log\", \"version\": 2, \"records\": [], \"reviewed\": []}");
    QTest::newRow("bad axis") << QStringLiteral(
        "{\"schema\": \"delineate-provenance-log\", \"version\": 1, \"records\": "
        "[{\"axis\": 7, \"label\": 1, \"slice\": 0, \"source\": \"brush\"}], "
        "\"reviewed\": []}");
    QTest::newRow("record without source")
        << QStringLiteral("{\"schema\": \"delineate-provenance-log\", \"version\": 1, \"records\": "
                          "[{\"axis\": 2, \"label\": 1, \"slice\": 0}], \"reviewed\": []}");
}

void TestProvenanceLog::refusesForeignAndFutureDocuments()
{
    QFETCH(QString, text);
    auto log = ProvenanceLog::fromJson(text.toStdString(), "/p/labels.provenance-log.json");
    QVERIFY(!log);
    QCOMPARE(log.error().code, ErrorCode::CorruptData);
    const std::string message = log.error().message();
    QVERIFY2(message.find("/p/labels.provenance-log.json") != std::string::npos, message.c_str());
    QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
}

void TestProvenanceLog::missingFileIsEmpty()
{
    auto log = ProvenanceLog::load("/nonexistent/folder/labels.provenance-log.json");
    QVERIFY(log);
    QVERIFY(log->empty());
}

void TestProvenanceLog::exportListsEverySliceHoldingTheLabel()
{
    // 5 x 4 x 8 voxels: label 3 on slices k = 4, 6, 7 (7 without a record), label 1 on k = 0.
    image::Geometry g;
    g.size = {5, 4, 8};
    auto labels = image::LabelMap::create(g).value();
    labels.at(1, 1, 4) = 3;
    labels.at(2, 2, 6) = 3;
    labels.at(0, 3, 7) = 3;
    labels.at(4, 0, 0) = 1;
    QTemporaryDir dir;
    const std::string map = dir.filePath(QStringLiteral("out.nii.gz")).toStdString();
    const ExportContext context{"test", "/studies/ch2.nii.gz", "out.nii.gz", "2026-12-06T09:00:00Z"};
    QVERIFY(exportProvenance(sampleLog(), labels, {3}, context, map));
    std::ifstream in(dir.filePath(QStringLiteral("out.provenance.json")).toStdString());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const QJsonObject document = parse(text);
    QCOMPARE(document.value("schema").toString(), QStringLiteral("delineate-provenance"));
    QCOMPARE(document.value("version").toInt(), 1);
    QCOMPARE(document.value("axis").toString(), QStringLiteral("k"));
    QCOMPARE(document.value("study").toString(), QStringLiteral("/studies/ch2.nii.gz"));
    QCOMPARE(document.value("label_map").toString(), QStringLiteral("out.nii.gz"));
    const QJsonArray labelsOut = document.value("labels").toArray();
    QCOMPARE(labelsOut.size(), 1);
    QCOMPARE(labelsOut[0].toObject().value("value").toInt(), 3);
    const QJsonArray slices = labelsOut[0].toObject().value("slices").toArray();
    QCOMPARE(slices.size(), 3);
    const QJsonObject k4 = slices[0].toObject(), k6 = slices[1].toObject(), k7 = slices[2].toObject();
    QCOMPARE(k4.value("index").toInt(), 4);
    QCOMPARE(k4.value("source").toString(), QStringLiteral("brush"));
    QVERIFY(k4.value("reviewed").toBool());
    QCOMPARE(k4.value("reviewed_at").toString(), QStringLiteral("2026-12-06T08:01:00Z"));
    QVERIFY(k4.value("model").isNull() && k4.value("adapter").isNull());
    QCOMPARE(k6.value("index").toInt(), 6);
    QCOMPARE(k6.value("source").toString(), QStringLiteral("propagation"));
    QCOMPARE(k6.value("predicted_iou").toDouble(), 0.8125);
    QCOMPARE(k6.value("stability").toDouble(), 0.5);
    QCOMPARE(k6.value("anchor").toInt(), 4);
    QCOMPARE(k6.value("from_slice").toInt(), 5);
    QCOMPARE(k6.value("model").toObject().value("checkpoint").toString(), QStringLiteral("vit_t.pth"));
    QCOMPARE(k6.value("adapter").toObject().value("path").toString(),
             QStringLiteral("frontal-v2.safetensors"));
    QVERIFY(!k6.value("reviewed").toBool());
    QCOMPARE(k7.value("index").toInt(), 7);
    QCOMPARE(k7.value("source").toString(), QStringLiteral("unknown"));
}

void TestProvenanceLog::pathsBesideTheLabelMap()
{
    QCOMPARE(provenanceExportPathFor("/a/b/labels.nii.gz"), std::string("/a/b/labels.provenance.json"));
    QCOMPARE(provenanceExportPathFor("/a/b/1-Brain.png"), std::string("/a/b/1-Brain.provenance.json"));
    QCOMPARE(provenanceLogPathFor("/p/studies/study-1/labels.nii.gz"),
             std::string("/p/studies/study-1/labels.provenance-log.json"));
    QCOMPARE(provenanceLogPathFor("/p/autosave/study-1.nii.gz"),
             std::string("/p/autosave/study-1.provenance-log.json"));
}

DELINEATE_TEST_GUILESS_MAIN(TestProvenanceLog)
#include "tst_provenance_log.moc"
