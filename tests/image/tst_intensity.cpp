#include "image/Intensity.h"
#include "support/QtTestMain.h"

#include <QtTest>

using namespace delineate::image;

class TestIntensity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ctPresets_data()
    {
        QTest::addColumn<int>("preset");
        QTest::addColumn<double>("center");
        QTest::addColumn<double>("width");
        QTest::newRow("brain") << int(CtPreset::Brain) << 40.0 << 80.0;
        QTest::newRow("bone") << int(CtPreset::Bone) << 400.0 << 1800.0;
        QTest::newRow("lung") << int(CtPreset::Lung) << -600.0 << 1500.0;
        QTest::newRow("soft") << int(CtPreset::SoftTissue) << 50.0 << 400.0;
    }
    void ctPresets()
    {
        QFETCH(int, preset);
        QFETCH(double, center);
        QFETCH(double, width);
        const Window w = ctWindow(CtPreset(preset));
        QCOMPARE(w.center, center);
        QCOMPARE(w.width, width);
    }

    void percentileWindowIgnoresOutliers()
    {
        Geometry g;
        g.size = {100, 100, 1};
        auto volume = Volume::create(g).value();
        for (std::size_t n = 0; n < volume.elementCount(); ++n)
            volume.data()[n] = float(n % 1000); // uniform 0..999
        volume.data()[0] = 1e6f;                // one hot pixel
        const Window w = percentileWindow(volume, 1.0, 99.0);
        QVERIFY(w.lower() > -1 && w.lower() < 30);
        QVERIFY(w.upper() > 960 && w.upper() < 1000);
    }

    void defaultWindowByModality()
    {
        Geometry g;
        g.size = {4, 4, 1};
        auto ct = Volume::create(g).value();
        ct.modality = "CT";
        QCOMPARE(defaultWindow(ct).center, 50.0);
        auto rgb = Volume::create(g, 3, ComponentType::UInt8).value();
        QCOMPARE(defaultWindow(rgb).upper(), 255.0);
    }

    void toRgb8ScalesAndReplicates()
    {
        Image2D<float> slice;
        slice.width = 3;
        slice.height = 1;
        slice.pixels = {-100.0f, 60.0f, 500.0f};
        const auto rgb = toRgb8(slice, Window::fromRange(0, 100));
        QCOMPARE(rgb.size(), std::size_t(9));
        QCOMPARE(int(rgb[0]), 0);
        QCOMPARE(int(rgb[3]), 153);
        QCOMPARE(int(rgb[4]), 153);
        QCOMPARE(int(rgb[5]), 153);
        QCOMPARE(int(rgb[8]), 255);
        const auto gray = toGray8(slice, Window::fromRange(0, 100));
        QCOMPARE(gray, (std::vector<std::uint8_t>{0, 153, 255}));
    }

    void samInputWindow_data()
    {
        QTest::addColumn<int>("sourceType");
        QTest::addColumn<double>("lower");
        QTest::addColumn<double>("upper");
        QTest::newRow("8-bit passes unchanged") << int(ComponentType::UInt8) << 0.0 << 255.0;
        QTest::newRow("16-bit uses slice range") << int(ComponentType::Int16) << -20.0 << 900.0;
    }
    void samInputWindow()
    {
        QFETCH(int, sourceType);
        QFETCH(double, lower);
        QFETCH(double, upper);
        Geometry g;
        g.size = {3, 1, 1};
        auto volume = Volume::create(g, 1, ComponentType(sourceType)).value();
        Image2D<float> slice;
        slice.width = 3;
        slice.height = 1;
        slice.pixels = {-20.0f, 100.0f, 900.0f};
        const Window w = delineate::image::samInputWindow(volume, slice);
        QCOMPARE(w.lower(), lower);
        QCOMPARE(w.upper(), upper);
    }

    void toRgb8KeepsColour()
    {
        Image2D<float> slice;
        slice.width = 1;
        slice.height = 1;
        slice.components = 3;
        slice.pixels = {255.0f, 0.0f, 128.0f};
        const auto rgb = toRgb8(slice, Window::fromRange(0, 255));
        QCOMPARE(rgb, (std::vector<std::uint8_t>{255, 0, 128}));
    }
};

DELINEATE_TEST_APPLESS_MAIN(TestIntensity)
#include "tst_intensity.moc"
