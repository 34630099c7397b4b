// TrainingService end to end with the fixture MobileSAM (vit_t, random weights): a tiny run on five
// synthetic reviewed slices reports progress per iteration as queued events on the GUI thread, writes
// the adapter with its metadata (label, slices, Dice before/after); cancel stops a run without writing a
// file; a second start while running is refused. How long the GUI event loop waits during training is
// measured by benchmarks/gui/bench_gui_stall, not asserted here.
#include "startup/AllocatorTuning.h"
#include "support/TestData.h"
#include "training/AdapterMetadata.h"
#include "training/TrainingService.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <vector>

// As the app's main() does, before any thread starts (QtTest's watchdog thread starts before
// initTestCase, and glibc fixes the arena limit at the first extra arena): one malloc arena, heap kept,
// so embeddings on the model thread do not page-fault their activations on every image.
static const bool kAllocatorTuned = (delineate::keepFreedMemoryForReuse(), true);

using namespace delineate;
using namespace delineate::ui;

namespace {

const QString kFixture = delineate::test::samFixtureFile(QStringLiteral("vit_t.pth"));

// Slice i: a bright ellipse on a gradient (64 x 64), mask = the ellipse.
train::TrainingSlice ellipseSlice(int i)
{
    constexpr int size = 64;
    train::TrainingSlice slice;
    slice.width = slice.height = size;
    slice.rgb.resize(std::size_t(size) * size * 3);
    slice.mask.resize(std::size_t(size) * size);
    const double cx = size * (0.4 + 0.04 * i), cy = size * (0.5 - 0.03 * i);
    const double rx = size * (0.2 + 0.02 * i), ry = size * (0.25 - 0.015 * i);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double dx = (x - cx) / rx, dy = (y - cy) / ry;
            const bool inside = dx * dx + dy * dy <= 1.0;
            const auto v = static_cast<std::uint8_t>(60 + 40 * x / size + (inside ? 120 : 0));
            const std::size_t p = std::size_t(y) * size + x;
            slice.rgb[p * 3] = slice.rgb[p * 3 + 1] = slice.rgb[p * 3 + 2] = v;
            slice.mask[p] = inside ? 1 : 0;
        }
    slice.description = "K " + std::to_string(i);
    return slice;
}

TrainingRequest request(int slices, int iterations, const QString& output)
{
    TrainingRequest r;
    r.checkpointPath = kFixture;
    r.settings.scope = train::TrainingScope::Decoder;
    r.settings.method = train::TrainingMethod::Adapter;
    r.settings.maxIterations = iterations;
    r.settings.warmupIterations = 1;
    r.settings.learningRate = 1e-3;
    r.settings.augment = false;
    r.settings.threads = 1;
    for (int i = 0; i < slices; ++i) {
        r.training.push_back(ellipseSlice(i));
        r.sliceDescriptions.push_back(r.training.back().description);
    }
    r.label = QStringLiteral("liver");
    r.outputPath = output;
    return r;
}

} // namespace

class TestTrainingService : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trainsAndWritesAdapter()
    {
        DELINEATE_REQUIRE_FILE(kFixture);
        QTemporaryDir dir;
        const QString output = dir.filePath(QStringLiteral("adapters/liver-v1.safetensors"));
        TrainingService service;
        QSignalSpy progress(&service, &TrainingService::progress);
        QSignalSpy finished(&service, &TrainingService::finished);
        QSignalSpy failed(&service, &TrainingService::failed);
        // Every signal reaches the GUI thread as a queued event (the GUI never runs training code).
        int offGuiThread = 0;
        const auto onGuiThread = [&] { offGuiThread += QThread::currentThread() != qApp->thread() ? 1 : 0; };
        connect(&service, &TrainingService::progress, this, onGuiThread, Qt::DirectConnection);
        connect(&service, &TrainingService::finished, this, onGuiThread, Qt::DirectConnection);
        QVERIFY(service.start(request(5, 2, output)));
        QVERIFY(service.isRunning());
        QVERIFY(progress.isEmpty());                    // start() returned without training
        QVERIFY(!service.start(request(5, 2, output))); // one run at a time

        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 300000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : failed.first().first().value<delineate::Error>().message().c_str());
        QCOMPARE(finished.size(), 1);
        QVERIFY(!service.isRunning());
        QCOMPARE(offGuiThread, 0);

        QCOMPARE(progress.size(), 2);
        QCOMPARE(progress.at(0).at(0).toInt(), 1);
        QCOMPARE(progress.at(1).at(0).toInt(), 2);
        QCOMPARE(progress.at(1).at(4).toInt(), 2);
        QVERIFY(std::isfinite(progress.at(1).at(1).toDouble()));

        const auto result = finished.first().first().value<TrainingResult>();
        QCOMPARE(result.adapterPath, output);
        QVERIFY(!result.diceOnHeldOut); // 5 slices: no held-out set
        QCOMPARE(result.diceSlices, 5);
        QVERIFY(result.diceBefore >= 0.0 && result.diceBefore <= 1.0);
        QVERIFY(result.diceAfter >= 0.0 && result.diceAfter <= 1.0);
        QCOMPARE(result.report.iterations, 2);
        QVERIFY(QFileInfo::exists(output));
        QVERIFY(!QFileInfo::exists(output + QStringLiteral(".part")));

        QString error;
        const auto metadata = readAdapterMetadata(output, &error);
        QVERIFY2(metadata, qPrintable(error));
        QCOMPARE(metadata->value(QStringLiteral("label")), QStringLiteral("liver"));
        QCOMPARE(metadata->value(QStringLiteral("slices")), QStringLiteral("5"));
        QCOMPARE(metadata->value(QStringLiteral("iterations")), QStringLiteral("2"));
        QCOMPARE(metadata->value(QStringLiteral("dice_slices")), QStringLiteral("training"));
        QCOMPARE(metadata->value(QStringLiteral("base_checkpoint")), QStringLiteral("vit_t.pth"));
        QVERIFY(!metadata->value(QStringLiteral("base_checkpoint_sha256")).isEmpty());
        QVERIFY(metadata->value(QStringLiteral("slice_descriptions")).contains(QStringLiteral("K 4")));
        QVERIFY(!metadata->value(QStringLiteral("date")).isEmpty());
        // Stored exactly (shortest round-trip text), not rounded to 6 digits.
        QVERIFY(metadata->value(QStringLiteral("dice_after")).toDouble() == result.diceAfter);
        QVERIFY(summarizeAdapterMetadata(*metadata).contains(QStringLiteral("training slices")));
    }

    void cancelStopsWithoutWriting()
    {
        DELINEATE_REQUIRE_FILE(kFixture);
        QTemporaryDir dir;
        const QString output = dir.filePath(QStringLiteral("cancelled.safetensors"));
        TrainingService service;
        QSignalSpy progress(&service, &TrainingService::progress);
        QSignalSpy cancelled(&service, &TrainingService::cancelled);
        QSignalSpy finished(&service, &TrainingService::finished);
        connect(&service, &TrainingService::progress, &service, [&service] { service.cancel(); });
        QVERIFY(service.start(request(2, 500, output))); // cancelled mid-training, at its first iteration
        QTRY_VERIFY_WITH_TIMEOUT(!cancelled.isEmpty() || !finished.isEmpty(), 300000);
        QCOMPARE(cancelled.size(), 1);
        QVERIFY(finished.isEmpty());
        QVERIFY(progress.size() < 5);
        QVERIFY(!QFileInfo::exists(output));
        QVERIFY(!service.isRunning());
    }

    void metadataOfNonSafetensorsIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.safetensors"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a safetensors file at all");
        file.close();
        QString error;
        QVERIFY(!readAdapterMetadata(path, &error));
        QVERIFY(error.contains(path));
        QVERIFY(!readAdapterMetadata(dir.filePath(QStringLiteral("missing.safetensors")), &error));
    }

    // Destroying the service cancels its run (then joins the thread): no adapter is written. A destructor
    // that waited for all 500 iterations instead would run into the test's CTest timeout.
    void destructorCancelsARunningRun()
    {
        DELINEATE_REQUIRE_FILE(kFixture);
        QTemporaryDir dir;
        {
            TrainingService service;
            QVERIFY(service.start(request(2, 500, dir.filePath(QStringLiteral("x.safetensors")))));
            QTest::qWait(200); // loading the checkpoint
        }
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("x.safetensors"))));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("x.safetensors.part"))));
    }
};

DELINEATE_TEST_MAIN(TestTrainingService)
#include "tst_training_service.moc"
