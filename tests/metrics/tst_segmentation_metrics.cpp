#include "DistanceTransform.h"
#include "metrics/SegmentationMetrics.h"
#include "support/QtTestMain.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace delineate::metrics;

namespace {

struct Grid {
    std::array<std::int64_t, 3> size;
    std::array<double, 3> spacing{1, 1, 1};
    std::vector<std::uint8_t> voxels;

    Grid(std::int64_t x, std::int64_t y, std::int64_t z) : size{x, y, z}, voxels(std::size_t(x * y * z), 0) {}
    void set(std::int64_t i, std::int64_t j, std::int64_t k = 0)
    {
        voxels[i + size[0] * (j + size[1] * k)] = 1;
    }
    void box(std::int64_t x0, std::int64_t x1, std::int64_t y0, std::int64_t y1)
    {
        for (auto j = y0; j <= y1; ++j)
            for (auto i = x0; i <= x1; ++i)
                set(i, j);
    }
    [[nodiscard]] BinaryMask view() const { return {voxels.data(), size, spacing}; }
};

} // namespace

class TestSegmentationMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void diceByHand()
    {
        Grid a(10, 10, 1), b(10, 10, 1);
        a.box(0, 1, 0, 1); // 4 voxels
        b.box(1, 2, 0, 1); // 4 voxels, 2 shared
        b.set(5, 5);
        b.set(6, 6); // 6 voxels in all
        QCOMPARE(dice(a.view(), b.view()), 2.0 * 2 / 10);
        Grid empty1(3, 3, 1), empty2(3, 3, 1);
        QCOMPARE(dice(empty1.view(), empty2.view()), 1.0);
        Grid empty3(10, 10, 1);
        QCOMPARE(dice(a.view(), empty3.view()), 0.0);
    }

    // Two 3×3 squares offset by one column; hand-computed in the comments of each row.
    void nsdByHand_data()
    {
        QTest::addColumn<double>("spacingX");
        QTest::addColumn<double>("tolerance");
        QTest::addColumn<double>("expected");
        QTest::newRow("tau 0: only shared boundary voxels") << 1.0 << 0.0 << 8.0 / 16.0;
        QTest::newRow("tau 1: everything within a voxel") << 1.0 << 1.0 << 1.0;
        QTest::newRow("2 mm columns, tau 1: 5 of 8 on each side") << 2.0 << 1.0 << 10.0 / 16.0;
        QTest::newRow("2 mm columns, tau 2") << 2.0 << 2.0 << 1.0;
    }
    void nsdByHand()
    {
        QFETCH(double, spacingX);
        QFETCH(double, tolerance);
        QFETCH(double, expected);
        Grid a(8, 8, 1), b(8, 8, 1);
        a.box(2, 4, 2, 4);
        b.box(3, 5, 2, 4);
        a.spacing[0] = b.spacing[0] = spacingX;
        QCOMPARE(normalizedSurfaceDistance(a.view(), b.view(), tolerance), expected);
    }

    void nsdEdgeCases()
    {
        Grid a(5, 5, 1), b(5, 5, 1);
        QCOMPARE(normalizedSurfaceDistance(a.view(), b.view(), 1.0), 1.0);
        a.set(2, 2);
        QCOMPARE(normalizedSurfaceDistance(a.view(), b.view(), 1.0), 0.0);
        QCOMPARE(normalizedSurfaceDistance(a.view(), a.view(), 0.0), 1.0);
    }

    void boundaryIn3D()
    {
        Grid cube(5, 5, 5);
        for (int k = 1; k <= 3; ++k)
            for (int j = 1; j <= 3; ++j)
                for (int i = 1; i <= 3; ++i)
                    cube.set(i, j, k);
        const auto edge = boundary(cube.view());
        int count = 0;
        for (auto v : edge)
            count += v;
        QCOMPARE(count, 26); // 27 voxels, only the centre is interior
    }

    void distanceTransformMatchesBruteForce()
    {
        std::mt19937 random(7);
        Grid sites(9, 7, 5);
        sites.spacing = {0.8, 1.5, 3.0};
        for (int n = 0; n < 6; ++n)
            sites.set(random() % 9, random() % 7, random() % 5);
        const auto fast = squaredDistanceToSites(sites.view());
        for (int k = 0; k < 5; ++k)
            for (int j = 0; j < 7; ++j)
                for (int i = 0; i < 9; ++i) {
                    double best = std::numeric_limits<double>::infinity();
                    for (int kk = 0; kk < 5; ++kk)
                        for (int jj = 0; jj < 7; ++jj)
                            for (int ii = 0; ii < 9; ++ii)
                                if (sites.voxels[ii + 9 * (jj + 7 * kk)]) {
                                    const double dx = (i - ii) * 0.8, dy = (j - jj) * 1.5,
                                                 dz = (k - kk) * 3.0;
                                    best = std::min(best, dx * dx + dy * dy + dz * dz);
                                }
                    QVERIFY(std::abs(fast[i + 9 * (j + 7 * k)] - best) < 1e-9);
                }
    }

    void noSitesGivesInfinity()
    {
        Grid none(4, 4, 2);
        const auto d = squaredDistanceToSites(none.view());
        QVERIFY(std::isinf(d[0]));
    }
};

DELINEATE_TEST_APPLESS_MAIN(TestSegmentationMetrics)
#include "tst_segmentation_metrics.moc"
