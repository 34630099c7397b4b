#include "image/Slice.h"
#include "support/QtTestMain.h"

#include <QtTest>

using namespace delineate;
using namespace delineate::image;

namespace {

// Value encodes the voxel index so every mapping error is visible.
float code(std::int64_t i, std::int64_t j, std::int64_t k)
{
    return float(i + 100 * j + 10000 * k);
}

Volume makeVolume()
{
    Geometry g;
    g.size = {5, 4, 3};
    auto volume = Volume::create(g).value();
    for (std::int64_t k = 0; k < 3; ++k)
        for (std::int64_t j = 0; j < 4; ++j)
            for (std::int64_t i = 0; i < 5; ++i)
                volume.at(i, j, k) = code(i, j, k);
    return volume;
}

} // namespace

class TestSlice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void extract_data()
    {
        QTest::addColumn<int>("axis");
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("K") << int(SliceAxis::K) << 2 << 5 << 4;
        QTest::newRow("J") << int(SliceAxis::J) << 1 << 5 << 3;
        QTest::newRow("I") << int(SliceAxis::I) << 4 << 4 << 3;
    }
    void extract()
    {
        QFETCH(int, axis);
        QFETCH(int, index);
        QFETCH(int, width);
        QFETCH(int, height);
        const Volume volume = makeVolume();
        const auto slice = extractSlice(volume, SliceAxis(axis), index);
        QCOMPARE(slice.width, width);
        QCOMPARE(slice.height, height);
        for (int y = 0; y < height; ++y) {
            for (int x = 0; x < width; ++x) {
                float expected = 0;
                switch (SliceAxis(axis)) {
                case SliceAxis::K:
                    expected = code(x, y, index);
                    break;
                case SliceAxis::J:
                    expected = code(x, index, y);
                    break;
                case SliceAxis::I:
                    expected = code(index, x, y);
                    break;
                }
                QCOMPARE(slice.at(x, y), expected);
            }
        }
    }

    void outOfRangeGivesEmpty()
    {
        const Volume volume = makeVolume();
        QCOMPARE(extractSlice(volume, SliceAxis::K, 3).width, 0);
        QCOMPARE(extractSlice(volume, SliceAxis::I, -1).width, 0);
    }

    void labelWriteRoundTrip_data()
    {
        QTest::addColumn<int>("axis");
        QTest::newRow("K") << int(SliceAxis::K);
        QTest::newRow("J") << int(SliceAxis::J);
        QTest::newRow("I") << int(SliceAxis::I);
    }
    void labelWriteRoundTrip()
    {
        QFETCH(int, axis);
        Geometry g;
        g.size = {5, 4, 3};
        auto labels = LabelMap::create(g).value();
        auto slice = extractLabelSlice(labels, SliceAxis(axis), 1);
        for (std::size_t p = 0; p < slice.pixels.size(); ++p)
            slice.pixels[p] = LabelMap::Value(p % 7);
        QVERIFY(writeLabelSlice(labels, SliceAxis(axis), 1, slice).ok());
        const auto back = extractLabelSlice(labels, SliceAxis(axis), 1);
        QCOMPARE(back.pixels, slice.pixels);
        // Other slices stay untouched.
        const auto other = extractLabelSlice(labels, SliceAxis(axis), 0);
        QVERIFY(std::all_of(other.pixels.begin(), other.pixels.end(), [](auto v) { return v == 0; }));
        // Wrong size is refused.
        slice.width += 1;
        QCOMPARE(writeLabelSlice(labels, SliceAxis(axis), 1, slice).error().code, ErrorCode::SizeMismatch);
    }
};

DELINEATE_TEST_APPLESS_MAIN(TestSlice)
#include "tst_slice.moc"
