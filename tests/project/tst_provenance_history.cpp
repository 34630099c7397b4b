// ProvenanceHistory: the provenance log follows undo and redo of the label edit history (issue 15.4).
// Driven by a real annotation::LabelEditHistory (its step ids); every expected log is written out by
// hand here with ProvenanceLog::record on a fresh log and compared as JSON.

#include "annotation/LabelEditHistory.h"
#include "image/LabelMap.h"
#include "project/ProvenanceHistory.h"
#include "support/QtTestMain.h"

#include <QtTest>

using namespace delineate;
using project::ProvenanceHistory;
using project::ProvenanceLog;
using project::SliceProvenance;

namespace {

SliceProvenance made(const std::string& source, double iou = -1.0)
{
    SliceProvenance p;
    p.source = source;
    if (iou >= 0.0)
        p.predictedIou = iou;
    p.recorded = "2026-12-06T11:00:00Z";
    return p;
}

image::LabelMap makeLabels()
{
    image::Geometry geometry;
    geometry.size = {8, 8, 8};
    return image::LabelMap::create(geometry).value();
}

// One edit: label 1 on voxel (1, 1, k) for each k of `slices`.
void edit(annotation::LabelEditHistory& history, const std::string& name,
          std::initializer_list<std::int64_t> slices, image::LabelMap::Value value = 1)
{
    history.begin(name);
    for (const std::int64_t k : slices) {
        history.touch({{1, 1, k}, {2, 2, k + 1}});
        history.labels().at(1, 1, k) = value;
    }
    history.end();
}

} // namespace

class TestProvenanceHistory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void undoRemovesAndRedoRestoresRecords();
    void aNewEditDropsTheRedoBranch();
};

void TestProvenanceHistory::undoRemovesAndRedoRestoresRecords()
{
    image::LabelMap labels = makeLabels();
    annotation::LabelEditHistory history(labels);
    ProvenanceLog log;
    ProvenanceHistory follow;
    auto moved = [&] { return follow.moved(log, history.undoStepId(), history.redoStepId()); };
    log.setReviewed(2, 6, true, "2026-12-06T10:00:00Z"); // not part of the edit history

    // Step 1: an accepted propagation over slices 3..5.
    edit(history, "Propagation", {3, 4, 5});
    QCOMPARE(moved(), ProvenanceHistory::Move::NewStep);
    for (std::int64_t k = 3; k <= 5; ++k)
        follow.record(log, history.undoStepId(), 2, 1, k, made("propagation", 0.5 + 0.1 * double(k - 3)));
    const std::string afterPropagation = log.toJson();

    // Step 2: a brush stroke on slice 4 replaces that slice's record.
    edit(history, "Brush", {4}, 2);
    QCOMPARE(moved(), ProvenanceHistory::Move::NewStep);
    follow.record(log, history.undoStepId(), 2, 1, 4, made("brush"));

    ProvenanceLog expectedAfterBrush; // by hand
    expectedAfterBrush.setReviewed(2, 6, true, "2026-12-06T10:00:00Z");
    expectedAfterBrush.record(2, 1, 3, made("propagation", 0.5));
    expectedAfterBrush.record(2, 1, 4, made("brush"));
    expectedAfterBrush.record(2, 1, 5, made("propagation", 0.7));
    QCOMPARE(log.toJson(), expectedAfterBrush.toJson());

    ProvenanceLog expectedAfterPropagation;
    expectedAfterPropagation.setReviewed(2, 6, true, "2026-12-06T10:00:00Z");
    expectedAfterPropagation.record(2, 1, 3, made("propagation", 0.5));
    expectedAfterPropagation.record(2, 1, 4, made("propagation", 0.6));
    expectedAfterPropagation.record(2, 1, 5, made("propagation", 0.7));
    QCOMPARE(afterPropagation, expectedAfterPropagation.toJson());

    ProvenanceLog expectedBefore;
    expectedBefore.setReviewed(2, 6, true, "2026-12-06T10:00:00Z");

    // Undo the brush: slice 4 is the propagation's again. Undo the propagation: its records are gone,
    // the reviewed mark stays.
    history.undo();
    QCOMPARE(moved(), ProvenanceHistory::Move::Undone);
    QCOMPARE(log.toJson(), expectedAfterPropagation.toJson());
    history.undo();
    QCOMPARE(moved(), ProvenanceHistory::Move::Undone);
    QCOMPARE(log.toJson(), expectedBefore.toJson());

    // Redo brings them back, step by step.
    history.redo();
    QCOMPARE(moved(), ProvenanceHistory::Move::Redone);
    QCOMPARE(log.toJson(), expectedAfterPropagation.toJson());
    history.redo();
    QCOMPARE(moved(), ProvenanceHistory::Move::Redone);
    QCOMPARE(log.toJson(), expectedAfterBrush.toJson());
    QCOMPARE(moved(), ProvenanceHistory::Move::None); // nothing moved
}

void TestProvenanceHistory::aNewEditDropsTheRedoBranch()
{
    image::LabelMap labels = makeLabels();
    annotation::LabelEditHistory history(labels);
    ProvenanceLog log;
    ProvenanceHistory follow;
    auto moved = [&] { return follow.moved(log, history.undoStepId(), history.redoStepId()); };

    edit(history, "SAM proposal", {2});
    QCOMPARE(moved(), ProvenanceHistory::Move::NewStep);
    follow.record(log, history.undoStepId(), 2, 1, 2, made("click", 0.9));
    history.undo();
    QCOMPARE(moved(), ProvenanceHistory::Move::Undone);
    QVERIFY(log.find(2, 1, 2) == nullptr);
    // A new edit after the undo: the undone click cannot come back; undoing the new edit leaves nothing.
    edit(history, "Brush", {3});
    QCOMPARE(moved(), ProvenanceHistory::Move::NewStep);
    follow.record(log, history.undoStepId(), 2, 1, 3, made("brush"));
    QVERIFY(!history.canRedo());
    history.undo();
    QCOMPARE(moved(), ProvenanceHistory::Move::Undone);
    QVERIFY(log.records().empty());
    history.redo();
    QCOMPARE(moved(), ProvenanceHistory::Move::Redone);
    QCOMPARE(log.find(2, 1, 3)->source, std::string("brush"));
    QVERIFY(log.find(2, 1, 2) == nullptr);

    // A new label map: the old step ids mean nothing; the first edit is a new step.
    follow.clear();
    edit(history, "Brush", {5});
    QCOMPARE(moved(), ProvenanceHistory::Move::NewStep);
}

DELINEATE_TEST_GUILESS_MAIN(TestProvenanceHistory)
#include "tst_provenance_history.moc"
