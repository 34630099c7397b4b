#include "image/Geometry.h"
#include "support/QtTestMain.h"

#include <QtTest>

#include <cmath>

using namespace delineate::image;

namespace {

Geometry obliqueGeometry()
{
    Geometry g;
    g.size = {64, 48, 20};
    g.spacing = {0.859, 0.859, 7.0};
    const double a = 7.7 * M_PI / 180.0;
    // Rotation about the x axis: columns are the i, j, k axes in LPS.
    g.direction = {1, 0, 0, 0, std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a)};
    g.origin = {-110.0, -95.5, 12.25};
    return g;
}

} // namespace

class TestGeometry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<double>("i");
        QTest::addColumn<double>("j");
        QTest::addColumn<double>("k");
        QTest::newRow("origin") << 0.0 << 0.0 << 0.0;
        QTest::newRow("corner") << 63.0 << 47.0 << 19.0;
        QTest::newRow("fractional") << 12.5 << 3.25 << 7.75;
        QTest::newRow("outside") << -4.0 << 100.0 << -1.0;
    }
    void roundTrip()
    {
        QFETCH(double, i);
        QFETCH(double, j);
        QFETCH(double, k);
        const Geometry g = obliqueGeometry();
        const Vec3 index = g.physicalToIndex(g.indexToPhysical({i, j, k}));
        QVERIFY(std::abs(index[0] - i) < 1e-9);
        QVERIFY(std::abs(index[1] - j) < 1e-9);
        QVERIFY(std::abs(index[2] - k) < 1e-9);
    }

    void indexToPhysicalUsesSpacingAndDirection()
    {
        const Geometry g = obliqueGeometry();
        const Vec3 p = g.indexToPhysical({0, 0, 1});
        // One slice step moves 7 mm along the third direction column.
        QCOMPARE(std::round((p[1] - g.origin[1]) * 1e6) / 1e6,
                 std::round(7.0 * -std::sin(7.7 * M_PI / 180) * 1e6) / 1e6);
        QVERIFY(std::abs(p[2] - g.origin[2] - 7.0 * std::cos(7.7 * M_PI / 180)) < 1e-9);
    }

    void rasAffineFlipsXandY()
    {
        Geometry g;
        g.spacing = {2, 3, 4};
        g.origin = {10, 20, 30};
        const auto a = g.rasAffine();
        QCOMPARE(a[0], -2.0);
        QCOMPARE(a[5], -3.0);
        QCOMPARE(a[10], 4.0);
        QCOMPARE(a[3], -10.0);
        QCOMPARE(a[7], -20.0);
        QCOMPARE(a[11], 30.0);
        QCOMPARE(a[15], 1.0);
    }

    void orientationCode_data()
    {
        QTest::addColumn<QList<double>>("direction");
        QTest::addColumn<QString>("code");
        QTest::newRow("identity") << QList<double>{1, 0, 0, 0, 1, 0, 0, 0, 1} << "LPS";
        QTest::newRow("ras") << QList<double>{-1, 0, 0, 0, -1, 0, 0, 0, 1} << "RAS";
        QTest::newRow("las") << QList<double>{1, 0, 0, 0, -1, 0, 0, 0, 1} << "LAS";
        QTest::newRow("coronal") << QList<double>{1, 0, 0, 0, 0, 1, 0, -1, 0} << "LIP";
    }
    void orientationCode()
    {
        QFETCH(QList<double>, direction);
        QFETCH(QString, code);
        Geometry g;
        for (int n = 0; n < 9; ++n)
            g.direction[n] = direction[n];
        QCOMPARE(QString::fromStdString(g.orientationCode()), code);
    }

    void sameGrid()
    {
        const Geometry a = obliqueGeometry();
        Geometry b = a;
        QVERIFY(a.sameGrid(b));
        b.origin[0] += 0.0005;
        QVERIFY(a.sameGrid(b));
        b.origin[0] += 0.01;
        QVERIFY(!a.sameGrid(b));
        b = a;
        b.size[2] = 21;
        QVERIFY(!a.sameGrid(b));
    }

    void singularDirectionIsRejectedByInvert()
    {
        Mat3 inverse{};
        QVERIFY(!invert3({1, 0, 0, 1, 0, 0, 0, 0, 1}, inverse));
    }
};

DELINEATE_TEST_APPLESS_MAIN(TestGeometry)
#include "tst_geometry.moc"
