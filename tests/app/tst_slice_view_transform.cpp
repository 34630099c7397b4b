// SliceViewTransform: screen ↔ voxel round trips for every plane on axis-aligned, flipped, permuted and
// oblique grids, radiological orientation, zoom at a fixed point, physical aspect ratio.

#include "support/QtTestMain.h"
#include "viewer/SliceViewTransform.h"

#include <QtTest>

#include <cmath>

using delineate::image::Geometry;
using delineate::image::Vec3;
using delineate::ui::ScreenPoint;
using delineate::ui::SliceViewTransform;
using delineate::ui::ViewPlane;

Q_DECLARE_METATYPE(Geometry)
Q_DECLARE_METATYPE(ViewPlane)

namespace {

// Rotation about an arbitrary axis (Rodrigues), row-major; columns become the direction cosines.
delineate::image::Mat3 rotation(Vec3 axis, double degrees)
{
    const double n = std::sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
    const double x = axis[0] / n, y = axis[1] / n, z = axis[2] / n;
    const double a = degrees * M_PI / 180.0, c = std::cos(a), s = std::sin(a), t = 1.0 - c;
    return {t * x * x + c,     t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c,
            t * y * z - s * x, t * x * z - s * y, t * y * z + s * x, t * z * z + c};
}

delineate::image::Mat3 multiply(const delineate::image::Mat3& a, const delineate::image::Mat3& b)
{
    delineate::image::Mat3 m{};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            for (int k = 0; k < 3; ++k)
                m[r * 3 + c] += a[r * 3 + k] * b[k * 3 + c];
    return m;
}

Geometry grid(delineate::image::Mat3 direction)
{
    Geometry g;
    g.size = {37, 23, 11};
    g.spacing = {0.7, 1.3, 3.0};
    g.origin = {-12.5, 40.0, 7.25};
    g.direction = direction;
    return g;
}

using delineate::image::dot;

// The patient direction each plane promises along screen right / down (ViewPlane.h).
std::pair<Vec3, Vec3> expectedScreenAxes(ViewPlane plane)
{
    switch (plane) {
    case ViewPlane::Axial:
        return {{1, 0, 0}, {0, 1, 0}}; // L right, P down
    case ViewPlane::Coronal:
        return {{1, 0, 0}, {0, 0, -1}}; // L right, I down
    case ViewPlane::Sagittal:
        return {{0, 1, 0}, {0, 0, -1}}; // P right, I down
    }
    return {};
}

SliceViewTransform makeTransform(const Geometry& geometry, ViewPlane plane)
{
    SliceViewTransform t;
    t.setViewportSize(640, 480);
    t.setGeometry(geometry);
    t.setPlane(plane);
    return t;
}

} // namespace

class TestSliceViewTransform : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void orientation_data() { roundTrip_data(); }
    void orientation();
    void sliceImageMatchesIndexMapping_data() { roundTrip_data(); }
    void sliceImageMatchesIndexMapping();
    void zoomKeepsAnchor();
    void fitKeepsPhysicalAspect();
    void voxelAtOutside();
    void indexOrderForCine();
    void planeAlongSingleSlice();
};

void TestSliceViewTransform::roundTrip_data()
{
    QTest::addColumn<Geometry>("geometry");
    QTest::addColumn<ViewPlane>("plane");
    const QList<QPair<const char*, Geometry>> grids{
        {"lps", grid({1, 0, 0, 0, 1, 0, 0, 0, 1})},
        {"ras", grid({-1, 0, 0, 0, -1, 0, 0, 0, 1})},
        {"permuted-sagittal", grid({0, 0, -1, 1, 0, 0, 0, -1, 0})},
        {"permuted-coronal", grid({1, 0, 0, 0, 0, 1, 0, -1, 0})},
        {"oblique", grid(rotation({0.3, -0.5, 0.8}, 27.0))},
        {"oblique-ras", grid(multiply(rotation({1, 2, 0.5}, 33.0), {-1, 0, 0, 0, -1, 0, 0, 0, 1}))},
    };
    const QList<QPair<const char*, ViewPlane>> planes{
        {"axial", ViewPlane::Axial}, {"coronal", ViewPlane::Coronal}, {"sagittal", ViewPlane::Sagittal}};
    for (const auto& [gridName, geometry] : grids)
        for (const auto& [planeName, plane] : planes)
            QTest::addRow("%s/%s", gridName, planeName) << geometry << plane;
}

void TestSliceViewTransform::roundTrip()
{
    QFETCH(Geometry, geometry);
    QFETCH(ViewPlane, plane);
    SliceViewTransform t = makeTransform(geometry, plane);
    t.zoomAt({100.0, 333.0}, 2.7);
    t.panBy(-17.25, 9.5);
    const int normal = static_cast<int>(t.normalAxis());
    t.setSliceIndex(t.sliceCount() - 2);
    QCOMPARE(t.sliceIndex(), t.sliceCount() - 2);

    // voxel → screen → voxel for every voxel of the slice, and the continuous index too.
    for (std::int64_t a = 0; a < geometry.size[t.rightAxis()]; a += 3) {
        for (std::int64_t b = 0; b < geometry.size[t.downAxis()]; b += 2) {
            Vec3 index{};
            index[t.rightAxis()] = double(a);
            index[t.downAxis()] = double(b);
            index[normal] = double(t.sliceIndex());
            const ScreenPoint screen = t.indexToScreen(index);
            const Vec3 back = t.screenToIndex(screen);
            for (int c = 0; c < 3; ++c)
                QVERIFY2(std::abs(back[c] - index[c]) < 1e-9, qPrintable(QStringLiteral("axis %1").arg(c)));
            const auto voxel = t.voxelAt(screen);
            QVERIFY(voxel);
            for (int c = 0; c < 3; ++c)
                QCOMPARE((*voxel)[c], std::int64_t(index[c]));
            // Anywhere inside the voxel's footprint hits the same voxel.
            const auto nearby = t.voxelAt({screen.x + 0.45 * t.scale() * geometry.spacing[t.rightAxis()],
                                           screen.y - 0.45 * t.scale() * geometry.spacing[t.downAxis()]});
            QVERIFY(nearby && *nearby == *voxel);
            // LPS position agrees with the geometry's own mapping.
            const Vec3 physical = t.screenToPhysical(screen);
            const Vec3 expected = geometry.indexToPhysical(index);
            for (int c = 0; c < 3; ++c)
                QVERIFY(std::abs(physical[c] - expected[c]) < 1e-9);
        }
    }
    // screen → voxel → screen for arbitrary (non-centre) screen points.
    for (double x = 3.3; x < 640; x += 71.7) {
        for (double y = 1.1; y < 480; y += 53.9) {
            const ScreenPoint back = t.indexToScreen(t.screenToIndex({x, y}));
            QVERIFY(std::abs(back.x - x) < 1e-9 && std::abs(back.y - y) < 1e-9);
            const auto uv = t.screenToSlicePixel({x, y});
            const ScreenPoint viaSlice = t.slicePixelToScreen(uv[0], uv[1]);
            QVERIFY(std::abs(viaSlice.x - x) < 1e-9 && std::abs(viaSlice.y - y) < 1e-9);
        }
    }
}

void TestSliceViewTransform::orientation()
{
    QFETCH(Geometry, geometry);
    QFETCH(ViewPlane, plane);
    const SliceViewTransform t = makeTransform(geometry, plane);
    const auto [right, down] = expectedScreenAxes(plane);
    // Moving right/down on screen moves the patient point towards the promised directions.
    const Vec3 origin = t.screenToPhysical({320, 240});
    const Vec3 rightward = t.screenToPhysical({420, 240});
    const Vec3 downward = t.screenToPhysical({320, 340});
    const Vec3 stepRight{rightward[0] - origin[0], rightward[1] - origin[1], rightward[2] - origin[2]};
    const Vec3 stepDown{downward[0] - origin[0], downward[1] - origin[1], downward[2] - origin[2]};
    QVERIFY2(dot(stepRight, right) > 0.5 * std::sqrt(dot(stepRight, stepRight)), "screen right");
    QVERIFY2(dot(stepDown, down) > 0.5 * std::sqrt(dot(stepDown, stepDown)), "screen down");
    QVERIFY(dot(t.screenRightDirection(), right) > 0.5);
    QVERIFY(dot(t.screenDownDirection(), down) > 0.5);
    // The three axes are distinct index axes.
    const int normal = static_cast<int>(t.normalAxis());
    QVERIFY(normal != t.rightAxis() && normal != t.downAxis() && t.rightAxis() != t.downAxis());
}

void TestSliceViewTransform::sliceImageMatchesIndexMapping()
{
    QFETCH(Geometry, geometry);
    QFETCH(ViewPlane, plane);
    SliceViewTransform t = makeTransform(geometry, plane);
    t.zoomAt({50, 60}, 1.7);
    const delineate::ui::Affine2D image = t.sliceImageToScreen();
    // Image coordinate (u + 0.5, v + 0.5) is the centre of slice pixel (u, v).
    for (double u : {0.0, 4.0, 9.0})
        for (double v : {0.0, 2.0, 7.0}) {
            const ScreenPoint viaImage = image.apply(u + 0.5, v + 0.5);
            const ScreenPoint viaSlice = t.slicePixelToScreen(u, v);
            QVERIFY(std::abs(viaImage.x - viaSlice.x) < 1e-9 && std::abs(viaImage.y - viaSlice.y) < 1e-9);
        }
    QCOMPARE(t.transposed(), std::abs(image.xx) < 1e-12);
}

void TestSliceViewTransform::zoomKeepsAnchor()
{
    SliceViewTransform t = makeTransform(grid(rotation({0, 0, 1}, 10)), ViewPlane::Axial);
    const ScreenPoint anchor{123.5, 321.5};
    const Vec3 before = t.screenToIndex(anchor);
    t.zoomAt(anchor, 3.0);
    QVERIFY(!t.isFitted());
    const Vec3 after = t.screenToIndex(anchor);
    for (int c = 0; c < 3; ++c)
        QVERIFY(std::abs(before[c] - after[c]) < 1e-9);
    const double scale = t.scale();
    t.zoomAt(anchor, 1e9); // clamped
    QCOMPARE(t.scale(), t.maximumScale());
    QVERIFY(t.scale() > scale);
    t.fit();
    QVERIFY(t.isFitted());
}

void TestSliceViewTransform::fitKeepsPhysicalAspect()
{
    SliceViewTransform t = makeTransform(grid({1, 0, 0, 0, 1, 0, 0, 0, 1}), ViewPlane::Coronal);
    // Coronal: i (0.7 mm) across, k (3 mm) down: 37 × 0.7 = 25.9 mm wide, 11 × 3 = 33 mm high.
    const ScreenPoint topLeft = t.slicePixelToScreen(-0.5, -0.5);
    const ScreenPoint bottomRight = t.slicePixelToScreen(36.5, 10.5);
    const double width = std::abs(bottomRight.x - topLeft.x);
    const double height = std::abs(bottomRight.y - topLeft.y);
    QVERIFY(std::abs(width / height - 25.9 / 33.0) < 1e-9);
    QVERIFY(std::abs(height - 480.0) < 1e-9); // limited by the viewport height
    QVERIFY(std::abs((topLeft.x + bottomRight.x) / 2.0 - 320.0) < 1e-9);
    // Resizing a fitted view refits it.
    t.setViewportSize(200, 1000);
    QVERIFY(std::abs(t.scale() - 200.0 / 25.9) < 1e-9);
}

void TestSliceViewTransform::voxelAtOutside()
{
    const SliceViewTransform t = makeTransform(grid({1, 0, 0, 0, 1, 0, 0, 0, 1}), ViewPlane::Axial);
    QVERIFY(!t.voxelAt({0.5, 0.5}));    // letterbox left of the image
    QVERIFY(t.voxelAt({320.5, 240.5})); // centre
    QVERIFY(!t.voxelAt({639.5, 240.5}));
}

void TestSliceViewTransform::indexOrderForCine()
{
    Geometry g = grid(rotation({1, 1, 0}, 60));
    SliceViewTransform t;
    t.setViewportSize(300, 300);
    t.setGeometry(g, /*indexOrder=*/true);
    t.setPlane(ViewPlane::Sagittal); // ignored
    QCOMPARE(t.normalAxis(), delineate::image::SliceAxis::K);
    QCOMPARE(t.rightAxis(), 0);
    QCOMPARE(t.downAxis(), 1);
    QVERIFY(!t.rightFlipped() && !t.downFlipped() && !t.transposed());
}

void TestSliceViewTransform::planeAlongSingleSlice()
{
    // A single coronal slice stored as i = L, j = -S (rows go down), k = P.
    Geometry g = grid({1, 0, 0, 0, 0, 1, 0, -1, 0});
    QCOMPARE(SliceViewTransform::planeAlong(g, delineate::image::SliceAxis::K), ViewPlane::Coronal);
    QCOMPARE(
        SliceViewTransform::planeAlong(grid({1, 0, 0, 0, 1, 0, 0, 0, 1}), delineate::image::SliceAxis::K),
        ViewPlane::Axial);
    const SliceViewTransform t = makeTransform(g, ViewPlane::Coronal);
    // Rows go down towards inferior already: no flips, i across, j down.
    QCOMPARE(t.rightAxis(), 0);
    QCOMPARE(t.downAxis(), 1);
    QVERIFY(!t.rightFlipped() && !t.downFlipped());
}

DELINEATE_TEST_APPLESS_MAIN(TestSliceViewTransform)
#include "tst_slice_view_transform.moc"
