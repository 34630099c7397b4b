#include "annotation/LabelEditHistory.h"
#include "support/QtTestMain.h"

#include <QtTest>

using namespace delineate;
using namespace delineate::annotation;
using Value = image::LabelMap::Value;

namespace {

image::LabelMap makeLabels(std::int64_t n = 32)
{
    image::Geometry g;
    g.size = {n, n, n};
    return image::LabelMap::create(g).value();
}

// Paints a cube of `value` through the history, like a brush tool would.
VoxelBox paintCube(LabelEditHistory& history, std::int64_t at, std::int64_t edge, Value value)
{
    history.begin("Paint");
    const VoxelBox box{{at, at, at}, {at + edge, at + edge, at + edge}};
    history.touch(box);
    for (std::int64_t k = at; k < at + edge; ++k)
        for (std::int64_t j = at; j < at + edge; ++j)
            for (std::int64_t i = at; i < at + edge; ++i)
                history.labels().at(i, j, k) = value;
    return history.end();
}

} // namespace

class TestLabelEditHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void undoRedoRestoresExactVoxels()
    {
        auto labels = makeLabels();
        LabelEditHistory history(labels);
        const auto empty = labels;
        QCOMPARE(paintCube(history, 2, 5, 1), (VoxelBox{{2, 2, 2}, {7, 7, 7}}));
        const auto afterFirst = labels;
        paintCube(history, 4, 6, 2); // overlaps the first cube
        const auto afterSecond = labels;
        QCOMPARE(labels.count(2), std::int64_t(216));
        QCOMPARE(history.undoName(), std::string("Paint"));

        QVERIFY(!history.undo().empty());
        QCOMPARE(std::vector<Value>(labels.data(), labels.data() + labels.voxelCount()),
                 std::vector<Value>(afterFirst.data(), afterFirst.data() + afterFirst.voxelCount()));
        QVERIFY(!history.undo().empty());
        QCOMPARE(labels.count(0), empty.count(0));
        QVERIFY(!history.canUndo());
        QVERIFY(history.undo().empty());

        history.redo();
        history.redo();
        QCOMPARE(std::vector<Value>(labels.data(), labels.data() + labels.voxelCount()),
                 std::vector<Value>(afterSecond.data(), afterSecond.data() + afterSecond.voxelCount()));
        QVERIFY(!history.canRedo());
    }

    void editWithoutChangeRecordsNothing()
    {
        auto labels = makeLabels();
        LabelEditHistory history(labels);
        history.begin("Nothing");
        history.touchAll();
        QVERIFY(history.end().empty());
        QCOMPARE(history.stepCount(), std::size_t(0));
        QVERIFY(!history.modifiedSinceSave());
    }

    void newEditDropsRedoBranch()
    {
        auto labels = makeLabels();
        LabelEditHistory history(labels);
        paintCube(history, 0, 3, 1);
        paintCube(history, 10, 3, 2);
        history.undo();
        QVERIFY(history.canRedo());
        paintCube(history, 20, 3, 3);
        QVERIFY(!history.canRedo());
        QCOMPARE(history.stepCount(), std::size_t(2));
        QCOMPARE(labels.count(2), std::int64_t(0));
    }

    void cancelRestoresTouchedRegion()
    {
        auto labels = makeLabels();
        LabelEditHistory history(labels);
        history.begin("Brush");
        history.touch({{0, 0, 0}, {4, 4, 4}});
        labels.at(1, 1, 1) = 9;
        history.cancel();
        QCOMPARE(labels.at(1, 1, 1), Value(0));
        QCOMPARE(history.stepCount(), std::size_t(0));
    }

    void modifiedSinceSaveFollowsHistory()
    {
        auto labels = makeLabels();
        LabelEditHistory history(labels);
        QVERIFY(!history.modifiedSinceSave());
        paintCube(history, 0, 2, 1);
        QVERIFY(history.modifiedSinceSave());
        history.markSaved();
        QVERIFY(!history.modifiedSinceSave());
        history.undo();
        QVERIFY(history.modifiedSinceSave());
        history.redo();
        QVERIFY(!history.modifiedSinceSave());
        // Undo past the save, then branch: the saved state can no longer be reached.
        history.undo();
        paintCube(history, 5, 2, 4);
        QVERIFY(history.modifiedSinceSave());
    }

    void deltasAreCompressed()
    {
        auto labels = makeLabels(128);
        LabelEditHistory history(labels);
        paintCube(history, 10, 40, 1); // 64,000 voxels
        // One run per row at most: far below the 128 kB a raw copy of the box would take.
        QVERIFY2(history.memoryUsed() < 40 * 40 * sizeof(std::uint32_t) * 2 + 1024,
                 qPrintable(QString::number(history.memoryUsed())));
    }

    void memoryIsBounded()
    {
        auto labels = makeLabels(64);
        LabelEditHistory history(labels, 4096);
        for (int n = 0; n < 50; ++n)
            paintCube(history, n % 40, 8, Value(n + 1));
        QVERIFY(history.memoryUsed() <= 4096 || history.stepCount() == 1);
        QVERIFY(history.stepCount() < 50);
        QVERIFY(history.canUndo());
        // Undoing everything that is left still yields a consistent state: redo gets back to the end.
        const auto end = labels;
        while (history.canUndo())
            history.undo();
        while (history.canRedo())
            history.redo();
        QCOMPARE(std::vector<Value>(labels.data(), labels.data() + labels.voxelCount()),
                 std::vector<Value>(end.data(), end.data() + end.voxelCount()));
        QVERIFY(history.modifiedSinceSave()); // the saved (empty) state was dropped
    }

    void touchIsClippedToGrid()
    {
        auto labels = makeLabels(8);
        LabelEditHistory history(labels);
        history.begin("Edge");
        history.touch({{-5, -5, -5}, {3, 3, 3}});
        labels.at(0, 0, 0) = 1;
        QCOMPARE(history.end(), (VoxelBox{{0, 0, 0}, {1, 1, 1}}));
    }
};

DELINEATE_TEST_APPLESS_MAIN(TestLabelEditHistory)
#include "tst_label_edit_history.moc"
