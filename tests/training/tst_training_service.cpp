// TrainingService end to end with the fixture MobileSAM (vit_t, random weights): a tiny run on five
// synthetic reviewed slices reports progress per iteration, writes the adapter with its metadata
// (label, slices, Dice before/after) and never stalls the GUI event loop; cancel stops a run without
// writing a file; a second start while running is refused.
#include "base/AllocatorTuning.h"
#include "training/AdapterMetadata.h"
#include "training/TrainingService.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <vector>

// As the app's main() does, before any thread starts (QtTest's watchdog thread starts before
// initTestCase, and glibc fixes the arena limit at the first extra arena): one malloc arena, heap kept,
// so embeddings on the model thread do not page-fault their activations on every image.
static const bool kAllocatorTuned = (delineate::keepFreedMemoryForReuse(), true);

using namespace delineate;
using namespace delineate::ui;

namespace {

const QString kFixture = QStringLiteral(DELINEATE_SHARED_DIR "/fixtures/sam/vit_t.pth");

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

struct Stalls {
    double worst = 0; // the longest gap between ticks
    double p99 = 0;   // 99th percentile of the gaps
};

// Gaps between ticks of a 5 ms timer until `done`: how long the GUI thread could not run its event loop.
Stalls stallsUntil(const std::function<bool()>& done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.elapsed();
    std::vector<double> gaps;
    QEventLoop loop; // sleeps between events (a processEvents() polling loop would spin a core)
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        gaps.push_back(double(now - last));
        last = now;
        if (done() || now > timeoutMs)
            loop.quit();
    });
    tick.start(5);
    loop.exec();
    std::sort(gaps.begin(), gaps.end());
    if (gaps.empty())
        return {};
    return {gaps.back(), gaps[std::size_t(0.99 * double(gaps.size() - 1))]};
}

} // namespace

class TestTrainingService : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
    }

    void init()
    {
        if (!QFileInfo::exists(kFixture))
            QSKIP(qPrintable(QStringLiteral("fixture checkpoint not found: %1").arg(kFixture)));
    }

    void trainsAndWritesAdapter()
    {
        QTemporaryDir dir;
        const QString output = dir.filePath(QStringLiteral("adapters/liver-v1.safetensors"));
        TrainingService service;
        QSignalSpy progress(&service, &TrainingService::progress);
        QSignalSpy finished(&service, &TrainingService::finished);
        QSignalSpy failed(&service, &TrainingService::failed);
        QVERIFY(service.start(request(5, 2, output)));
        QVERIFY(service.isRunning());
        QVERIFY(!service.start(request(5, 2, output))); // one run at a time

        const Stalls stalls = stallsUntil([&] { return !finished.isEmpty() || !failed.isEmpty(); }, 300000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(finished.size(), 1);
        QVERIFY(!service.isRunning());
        // The GUI thread only handles queued signals. On a loaded 2-core CI machine the scheduler alone
        // can delay a tick by more than 50 ms now and then, so the bound is on the 99th percentile; the
        // worst gap is reported, and must stay well under a visible freeze.
        qInfo("GUI event loop during training: worst gap %.1f ms, p99 %.1f ms", stalls.worst, stalls.p99);
        QVERIFY2(stalls.p99 < 50.0, qPrintable(QStringLiteral("GUI p99 stall %1 ms").arg(stalls.p99)));
        QVERIFY2(stalls.worst < 500.0, qPrintable(QStringLiteral("GUI stalled %1 ms").arg(stalls.worst)));

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

    void destructorCancelsARunningRun()
    {
        QTemporaryDir dir;
        QElapsedTimer clock;
        {
            TrainingService service;
            QVERIFY(service.start(request(2, 500, dir.filePath(QStringLiteral("x.safetensors")))));
            QTest::qWait(200); // loading the checkpoint
            clock.start();
        }
        QVERIFY2(clock.elapsed() < 30000, "the destructor waited for more than one phase");
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("x.safetensors"))));
    }
};

QTEST_MAIN(TestTrainingService)
#include "tst_training_service.moc"
