#include "annotation/SliceOperations.h"
#include "support/QtTestMain.h"

#include <QtTest>

using namespace delineate;
using namespace delineate::annotation;
using Value = image::LabelMap::Value;

namespace {

image::LabelMap makeLabels()
{
    image::Geometry g;
    g.size = {30, 30, 12};
    return image::LabelMap::create(g).value();
}

void drawRing(image::LabelMap& labels, std::int64_t k, Value value)
{
    for (int y = 5; y <= 15; ++y)
        for (int x = 5; x <= 15; ++x)
            if (x == 5 || x == 15 || y == 5 || y == 15)
                labels.at(x, y, k) = value;
}

} // namespace

class TestSliceOperations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void polygonFillsInside()
    {
        auto labels = makeLabels();
        LabelEditHistory history(labels);
        PaintRule rule;
        rule.activeLabel = 2;
        const auto changed =
            fillPolygon(history, image::SliceAxis::K, 4, {{2, 2}, {12, 2}, {12, 8}, {2, 8}}, rule);
        QVERIFY(!changed.empty());
        QCOMPARE(labels.count(2), std::int64_t(11 * 7));
        QCOMPARE(labels.at(7, 5, 4), Value(2));
        QCOMPARE(labels.at(13, 5, 4), Value(0));
        rule.erase = true;
        fillPolygon(history, image::SliceAxis::K, 4, {{2, 2}, {7, 2}, {7, 8}, {2, 8}}, rule);
        QCOMPARE(labels.count(2), std::int64_t(5 * 7));
        QCOMPARE(history.stepCount(), std::size_t(2));
    }

    void fillHolesClosesRing()
    {
        auto labels = makeLabels();
        drawRing(labels, 3, 1);
        labels.at(10, 10, 3) = 4; // another label inside the hole stays
        LabelEditHistory history(labels);
        PaintRule rule;
        fillHoles(history, image::SliceAxis::K, 3, rule);
        QCOMPARE(labels.at(8, 8, 3), Value(1));
        QCOMPARE(labels.at(10, 10, 3), Value(4));
        QCOMPARE(labels.at(20, 20, 3), Value(0));
        QCOMPARE(labels.at(8, 8, 2), Value(0));
    }

    void keepLargestComponentDropsSpecks()
    {
        auto labels = makeLabels();
        drawRing(labels, 0, 1);
        labels.at(25, 25, 0) = 1;
        labels.at(27, 2, 0) = 1;
        LabelEditHistory history(labels);
        keepLargestComponent(history, image::SliceAxis::K, 0, PaintRule{});
        QCOMPARE(labels.at(25, 25, 0), Value(0));
        QCOMPARE(labels.at(27, 2, 0), Value(0));
        QCOMPARE(labels.count(1), std::int64_t(40));
    }

    void smoothRemovesSpikes()
    {
        auto labels = makeLabels();
        for (int y = 5; y < 20; ++y)
            for (int x = 5; x < 20; ++x)
                labels.at(x, y, 1) = 1;
        labels.at(22, 10, 1) = 1; // isolated speck
        labels.at(12, 12, 1) = 0; // pinhole
        LabelEditHistory history(labels);
        smooth(history, image::SliceAxis::K, 1, PaintRule{}, 1);
        QCOMPARE(labels.at(22, 10, 1), Value(0));
        QCOMPARE(labels.at(12, 12, 1), Value(1));
    }

    void interpolationBlendsShapes()
    {
        auto labels = makeLabels();
        // Small square on slice 2, large square on slice 10 (coronal-free: along K).
        for (int y = 10; y < 14; ++y)
            for (int x = 10; x < 14; ++x)
                labels.at(x, y, 2) = 1;
        for (int y = 4; y < 20; ++y)
            for (int x = 4; x < 20; ++x)
                labels.at(x, y, 10) = 1;
        LabelEditHistory history(labels);
        const auto changed = interpolateBetween(history, image::SliceAxis::K, 10, 2, PaintRule{});
        QCOMPARE(changed.begin[2], std::int64_t(3));
        QCOMPARE(changed.end[2], std::int64_t(10));
        std::int64_t previous = 16;
        for (int k = 3; k < 10; ++k) {
            std::int64_t area = 0;
            for (int y = 0; y < 30; ++y)
                for (int x = 0; x < 30; ++x)
                    area += labels.at(x, y, k) == 1;
            QVERIFY2(area >= previous, qPrintable(QString("slice %1 area %2").arg(k).arg(area)));
            previous = area;
        }
        QVERIFY(previous < 256);
        QCOMPARE(history.stepCount(), std::size_t(1));
        history.undo();
        QCOMPARE(labels.at(12, 12, 6), Value(0));
    }
};

DELINEATE_TEST_APPLESS_MAIN(TestSliceOperations)
#include "tst_slice_operations.moc"
