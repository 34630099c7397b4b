#include "annotation/BrushTool.h"
#include "support/QtTestMain.h"

#include <QtTest>

using namespace delineate;
using namespace delineate::annotation;
using Value = image::LabelMap::Value;

namespace {

image::LabelMap makeLabels(image::Vec3 spacing = {1, 1, 1})
{
    image::Geometry g;
    g.size = {40, 40, 20};
    g.spacing = spacing;
    return image::LabelMap::create(g).value();
}

} // namespace

class TestBrushTool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void discFollowsSpacing_data()
    {
        QTest::addColumn<double>("spacingX");
        QTest::addColumn<int>("expectedWidth");
        QTest::newRow("isotropic") << 1.0 << 9;   // radius 4 mm = 4 voxels each side
        QTest::newRow("anisotropic") << 2.0 << 5; // 2 voxels each side along x
    }
    void discFollowsSpacing()
    {
        QFETCH(double, spacingX);
        QFETCH(int, expectedWidth);
        auto labels = makeLabels({spacingX, 1, 1});
        LabelEditHistory history(labels);
        BrushTool brush(history);
        BrushSettings settings;
        settings.radiusMm = 4.0;
        brush.setSettings(settings);
        brush.press(image::SliceAxis::K, 5, 15, 20);
        const VoxelBox changed = brush.release();
        QCOMPARE(int(changed.end[0] - changed.begin[0]), expectedWidth);
        QCOMPARE(int(changed.end[1] - changed.begin[1]), 9);
        QCOMPARE(changed.begin[2], std::int64_t(5));
        QCOMPARE(changed.end[2], std::int64_t(6)); // a 2D disc stays in its slice
        QCOMPARE(labels.at(15, 20, 5), Value(1));
        QCOMPARE(labels.at(15, 20, 4), Value(0));
    }

    void strokeHasNoGapsAndIsOneUndoStep()
    {
        auto labels = makeLabels();
        LabelEditHistory history(labels);
        BrushTool brush(history);
        BrushSettings settings;
        settings.radiusMm = 1.0;
        brush.setSettings(settings);
        brush.press(image::SliceAxis::J, 10, 2, 2);
        brush.drag(37, 17); // a long, fast move
        brush.release();
        // Every column between the end points has a painted voxel on the line.
        for (int x = 2; x <= 37; ++x) {
            bool painted = false;
            for (int z = 0; z < 20; ++z)
                painted = painted || labels.at(x, 10, z) == 1;
            QVERIFY2(painted, qPrintable(QString("gap at x=%1").arg(x)));
        }
        QCOMPARE(history.stepCount(), std::size_t(1));
        history.undo();
        QCOMPARE(labels.count(1), std::int64_t(0));
    }

    void sphereSpansSlices()
    {
        auto labels = makeLabels();
        LabelEditHistory history(labels);
        BrushTool brush(history);
        BrushSettings settings;
        settings.radiusMm = 3.0;
        settings.sphere = true;
        brush.setSettings(settings);
        brush.press(image::SliceAxis::K, 10, 20, 20);
        const VoxelBox changed = brush.release();
        QCOMPARE(changed.begin[2], std::int64_t(7));
        QCOMPARE(changed.end[2], std::int64_t(14));
        QCOMPARE(labels.at(20, 20, 13), Value(1));
        QCOMPARE(labels.at(23, 23, 10), Value(0)); // outside the ball (distance 4.2)
    }

    void eraserClearsOnlyActiveLabel()
    {
        auto labels = makeLabels();
        labels.at(10, 10, 3) = 1;
        labels.at(11, 10, 3) = 2;
        LabelEditHistory history(labels);
        BrushTool brush(history);
        BrushSettings settings;
        settings.radiusMm = 3.0;
        settings.rule.activeLabel = 1;
        settings.rule.erase = true;
        brush.setSettings(settings);
        brush.press(image::SliceAxis::K, 3, 10, 10);
        brush.release();
        QCOMPARE(labels.at(10, 10, 3), Value(0));
        QCOMPARE(labels.at(11, 10, 3), Value(2));
    }

    void paintRespectsOtherAndLockedLabels()
    {
        PaintRule rule;
        rule.activeLabel = 3;
        QCOMPARE(rule.apply(0), Value(3));
        QCOMPARE(rule.apply(5), Value(5)); // other labels are kept by default
        rule.overwriteOtherLabels = true;
        QCOMPARE(rule.apply(5), Value(3));
        rule.lockedLabels = {5};
        QCOMPARE(rule.apply(5), Value(5)); // locked labels never change
    }

    // Hand-counted: a 3×3 block of label 2 and two voxels of label 4 lie inside a 3 mm disc (isotropic
    // 1 mm voxels, every block voxel within sqrt(2) of the centre); a stroke crossing them five times
    // keeps each voxel once.
    void keptVoxelsCountEachProtectedVoxelOnce_data()
    {
        QTest::addColumn<bool>("overwrite");
        QTest::addColumn<int>("keptOf2");
        QTest::addColumn<int>("keptOf4");
        QTest::newRow("overwrite off") << false << 9 << 2;
        QTest::newRow("overwrite on, 4 locked") << true << 0 << 2;
    }
    void keptVoxelsCountEachProtectedVoxelOnce()
    {
        QFETCH(bool, overwrite);
        QFETCH(int, keptOf2);
        QFETCH(int, keptOf4);
        auto labels = makeLabels();
        for (int j = 9; j <= 11; ++j)
            for (int i = 9; i <= 11; ++i)
                labels.at(i, j, 3) = 2;
        labels.at(10, 12, 3) = 4;
        labels.at(12, 10, 3) = 4;
        LabelEditHistory history(labels);
        BrushTool brush(history);
        BrushSettings settings;
        settings.radiusMm = 3.0;
        settings.rule.activeLabel = 1;
        settings.rule.overwriteOtherLabels = overwrite;
        settings.rule.lockedLabels = {4};
        settings.rule.kept = std::make_shared<KeptVoxels>();
        brush.setSettings(settings);
        brush.press(image::SliceAxis::K, 3, 10, 10);
        for (int pass = 0; pass < 4; ++pass)
            brush.drag(pass % 2 ? 10 : 11, 10);
        brush.release();
        const auto counts = settings.rule.kept->perLabel();
        QCOMPARE(int(counts.count(2) ? counts.at(2) : 0), keptOf2);
        QCOMPARE(int(counts.count(4) ? counts.at(4) : 0), keptOf4);
        QCOMPARE(int(settings.rule.kept->total()), keptOf2 + keptOf4);
        QCOMPARE(labels.at(10, 10, 3), Value(overwrite ? 1 : 2));
        QCOMPARE(labels.at(10, 12, 3), Value(4));
    }
};

DELINEATE_TEST_APPLESS_MAIN(TestBrushTool)
#include "tst_brush_tool.moc"
