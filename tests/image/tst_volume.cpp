#include "image/LabelMap.h"
#include "image/Volume.h"
#include "support/QtTestMain.h"

#include <QtTest>

using namespace delineate;
using namespace delineate::image;

class TestVolume : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createAndIndex()
    {
        Geometry g;
        g.size = {4, 3, 2};
        auto volume = Volume::create(g, 3, ComponentType::UInt8);
        QVERIFY(volume.ok());
        QCOMPARE(volume->elementCount(), std::size_t(4 * 3 * 2 * 3));
        volume->at(3, 2, 1, 2) = 7.0f;
        QCOMPARE(volume->data()[volume->elementCount() - 1], 7.0f);
        QCOMPARE(volume->offset(1, 0, 0, 0), std::size_t(3));
        QCOMPARE(volume->range().second, 7.0f);
    }

    void rejectsAbsurdSizes_data()
    {
        QTest::addColumn<qint64>("columns");
        QTest::addColumn<qint64>("rows");
        QTest::addColumn<qint64>("slices");
        QTest::addColumn<int>("code");
        QTest::newRow("zero") << qint64(0) << qint64(10) << qint64(10) << int(ErrorCode::InvalidGeometry);
        QTest::newRow("negative") << qint64(10) << qint64(-1) << qint64(10)
                                  << int(ErrorCode::InvalidGeometry);
        QTest::newRow("huge") << qint64(1) << qint64(1) << (qint64(1) << 40) << int(ErrorCode::TooLarge);
        QTest::newRow("overflowing") << (qint64(1) << 31) << (qint64(1) << 31) << (qint64(1) << 31)
                                     << int(ErrorCode::TooLarge);
    }
    void rejectsAbsurdSizes()
    {
        QFETCH(qint64, columns);
        QFETCH(qint64, rows);
        QFETCH(qint64, slices);
        QFETCH(int, code);
        Geometry g;
        g.size = {columns, rows, slices};
        auto volume = Volume::create(g);
        QVERIFY(!volume.ok());
        QCOMPARE(int(volume.error().code), code);
    }

    void rejectsBadSpacingAndDirection()
    {
        Geometry g;
        g.spacing = {1, 0, 1};
        QVERIFY(!Volume::create(g).ok());
        g.spacing = {1, 1, 1};
        g.direction = {1, 0, 0, 1, 0, 0, 0, 0, 1};
        QVERIFY(!Volume::create(g).ok());
    }

    void labelMapGridCheck()
    {
        Geometry g;
        g.size = {5, 5, 5};
        auto labels = LabelMap::create(g);
        QVERIFY(labels.ok());
        labels->at(1, 2, 3) = 4;
        labels->at(0, 0, 0) = 2;
        QCOMPARE(labels->count(4), std::int64_t(1));
        QCOMPARE(labels->presentValues(), (std::vector<LabelMap::Value>{2, 4}));
        QVERIFY(labels->checkGrid(g).ok());
        Geometry other = g;
        other.spacing[2] = 2.0;
        const auto mismatch = labels->checkGrid(other);
        QVERIFY(!mismatch.ok());
        QCOMPARE(mismatch.error().code, ErrorCode::SizeMismatch);
        QVERIFY(mismatch.error().detail.find("does not match") != std::string::npos);
    }
};

DELINEATE_TEST_APPLESS_MAIN(TestVolume)
#include "tst_volume.moc"
