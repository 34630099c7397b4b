// The model thread end to end with the fixture MobileSAM (vit_t, random weights, official format).
#include "inference/SamService.h"
#include "startup/AllocatorTuning.h"
#include "support/TestData.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

// As the app's main() does, before any thread starts (QtTest's watchdog thread starts before
// initTestCase, and glibc fixes the arena limit at the first extra arena): one malloc arena, heap kept,
// so embeddings on the model thread do not page-fault their activations on every image.
static const bool kAllocatorTuned = (delineate::keepFreedMemoryForReuse(), true);

using namespace delineate;
using namespace delineate::ui;

namespace {

const std::string kFixture = delineate::test::samFixture("vit_t.pth");

std::shared_ptr<const image::Volume> makeVolume()
{
    image::Geometry g;
    g.size = {150, 110, 6};
    auto volume = image::Volume::create(g).value();
    for (std::int64_t k = 0; k < 6; ++k)
        for (std::int64_t j = 0; j < 110; ++j)
            for (std::int64_t i = 0; i < 150; ++i)
                volume.at(i, j, k) = float((i - 60) * (i - 60) + (j - 50) * (j - 50) < 400 ? 200 : 30 + k);
    return std::make_shared<const image::Volume>(std::move(volume));
}

SliceSource sourceAt(const std::shared_ptr<const image::Volume>& volume, std::int64_t slice)
{
    SliceSource s;
    s.volume = volume;
    s.studyId = "synthetic";
    s.slice = slice;
    s.window = image::Window::fromRange(0, 255);
    return s;
}

} // namespace

class TestSamService : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { DELINEATE_REQUIRE_FILE(QString::fromStdString(kFixture)); }

    // The GUI thread never waits on the model: requestMask returns before anything is computed, the GUI
    // thread's event loop goes on (an event posted after the request is handled before the mask), and
    // the mask arrives as a queued event on the GUI thread. (How long the GUI loop is held up while
    // the model works is measured by benchmarks/gui/bench_gui_stall, not asserted here.)
    void clickGivesProposalAndCachesEmbedding()
    {
        SamServiceSettings settings;
        settings.threads = 1;
        SamService service(settings);
        QSignalSpy loaded(&service, &SamService::modelLoaded);
        QSignalSpy failed(&service, &SamService::failed);
        QSignalSpy masks(&service, &SamService::maskReady);
        service.loadModel(QString::fromStdString(kFixture));
        QVERIFY(loaded.wait(60000));
        QCOMPARE(loaded.at(0).at(0).toString(), QStringLiteral("vit_t"));

        const auto volume = makeVolume();
        sam::SamPrompt prompt;
        prompt.points.push_back({60, 50, 1});
        QStringList order;
        bool onGuiThread = false;
        connect(
            &service, &SamService::maskReady, this,
            [&] {
                order << QStringLiteral("mask");
                onGuiThread = QThread::currentThread() == QCoreApplication::instance()->thread();
            },
            Qt::DirectConnection);
        const auto id = service.requestMask(sourceAt(volume, 2), prompt);
        QCOMPARE(masks.count(), 0); // returned without computing
        QVERIFY(!service.isIdle());
        QTimer::singleShot(0, this, [&] { order << QStringLiteral("gui event"); });
        QVERIFY(masks.wait(300000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(masks.count(), 1);
        QCOMPARE(order, (QStringList{QStringLiteral("gui event"), QStringLiteral("mask")}));
        QVERIFY(onGuiThread);
        const auto first = masks.at(0).at(0).value<MaskProposal>();
        QCOMPARE(first.requestId, id);
        QCOMPARE(first.width, 150);
        QCOMPARE(first.height, 110);
        QCOMPARE(first.logits.size(), std::size_t(150 * 110));
        QCOMPARE(first.lowResLogits.size(), std::size_t(256 * 256));
        QVERIFY(first.embedMilliseconds > 0);
        qInfo("vit_t on %s: embedding %.0f ms, decode %.1f ms", qPrintable(loaded.at(0).at(1).toString()),
              first.embedMilliseconds, first.decodeMilliseconds);

        // Same slice again: embedding from the cache, decode only.
        prompt.points.push_back({20, 20, 0});
        service.requestMask(sourceAt(volume, 2), prompt);
        QVERIFY(masks.wait(60000));
        const auto second = masks.at(1).at(0).value<MaskProposal>();
        QCOMPARE(second.embedMilliseconds, 0.0);
        QVERIFY(second.decodeMilliseconds > 0);
    }

    // A click while a neighbour's prefetch embedding runs: the prefetch gives way between encoder stages,
    // the click's mask comes first, and the neighbour is embedded afterwards all the same. Likewise a
    // batch slice: interrupted, queued again, and the batch still completes every slice.
    void clickInterruptsPrefetchAndBatch()
    {
        SamService service;
        QSignalSpy loaded(&service, &SamService::modelLoaded);
        QSignalSpy failed(&service, &SamService::failed);
        service.loadModel(QString::fromStdString(kFixture));
        QVERIFY(loaded.wait(60000));
        const auto volume = makeVolume();
        QStringList events;
        connect(&service, &SamService::maskReady, this,
                [&](const MaskProposal& p) { events << QStringLiteral("mask %1").arg(p.requestId); });
        connect(&service, &SamService::embeddingReady, this,
                [&](const QString& key) { events << QStringLiteral("embedded ") + key; });
        sam::SamPrompt prompt;
        prompt.points.push_back({60, 50, 1});
        QSignalSpy masks(&service, &SamService::maskReady);
        service.requestMask(sourceAt(volume, 2), prompt); // embeds slice 2
        QVERIFY(masks.wait(300000));
        events.clear();

        const QString neighbour = QString::fromStdString(sourceAt(volume, 3).cacheKey());
        service.prefetch(sourceAt(volume, 3));
        QTest::qWait(150); // the model thread is inside the neighbour's encoder now
        const auto click = service.requestMask(sourceAt(volume, 2), prompt);
        QSignalSpy embedded(&service, &SamService::embeddingReady);
        QVERIFY(embedded.wait(300000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(events, (QStringList{QStringLiteral("mask %1").arg(click),
                                      QStringLiteral("embedded ") + neighbour}));

        QSignalSpy slices(&service, &SamService::batchSliceReady);
        QSignalSpy finished(&service, &SamService::batchFinished);
        events.clear();
        service.segmentRange(sourceAt(volume, 4), 4, 5);
        QTest::qWait(150);
        const auto during = service.requestMask(sourceAt(volume, 2), prompt);
        QVERIFY(finished.wait(300000));
        QCOMPARE(finished.at(0).at(1).toBool(), false);
        QCOMPARE(slices.count(), 2);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(events.first(), QStringLiteral("mask %1").arg(during));
    }

    void batchReportsProgressAndCancels()
    {
        SamService service;
        QSignalSpy loaded(&service, &SamService::modelLoaded);
        service.loadModel(QString::fromStdString(kFixture));
        QVERIFY(loaded.wait(60000));
        QSignalSpy slices(&service, &SamService::batchSliceReady);
        QSignalSpy progress(&service, &SamService::batchProgress);
        QSignalSpy finished(&service, &SamService::batchFinished);
        const auto volume = makeVolume();
        const auto batch = service.segmentRange(sourceAt(volume, 0), 0, 5);
        QVERIFY(slices.wait(300000));
        service.cancelBatch(batch);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        QTest::qWait(1500);
        QVERIFY(slices.count() < 6);
        const auto last = progress.at(progress.count() - 1).at(0).value<BatchProgress>();
        QCOMPARE(last.total, 6);
        QVERIFY(last.secondsRemaining > 0);
    }

    // Propagation (issue 15.2) as a batch of steps on the model thread: a click posted while it runs is
    // answered before the propagation ends (it goes first between steps), the result is one proposal
    // over every slice reached (fronts kept going: the five slices above the anchor, by the engine's
    // rules), and a cancelled propagation brings nothing back.
    void propagationYieldsToClicksAndCancelsClean()
    {
        SamService service;
        QSignalSpy loaded(&service, &SamService::modelLoaded);
        service.loadModel(QString::fromStdString(kFixture));
        QVERIFY(loaded.wait(60000));
        const auto volume = makeVolume();
        auto labels = image::LabelMap::createFor(*volume).value();
        for (std::int64_t j = 40; j < 60; ++j)
            for (std::int64_t i = 50; i < 70; ++i)
                labels.at(i, j, 0) = 1;
        const auto snapshot = std::make_shared<const image::LabelMap>(std::move(labels));
        propagation::PropagationRequest request;
        request.anchors = {0};
        request.iouThreshold = -1e9;
        request.minPixels = 0;
        request.minAreaRatio = 0.0;

        QStringList events;
        std::shared_ptr<const propagation::PropagationResult> result;
        connect(&service, &SamService::maskReady, this,
                [&](const MaskProposal&) { events << QStringLiteral("mask"); });
        connect(&service, &SamService::propagationFinished, this, [&](const PropagationOutcome& outcome) {
            events << QStringLiteral("propagation");
            result = outcome.result;
        });
        QSignalSpy progress(&service, &SamService::batchProgress);
        QSignalSpy finished(&service, &SamService::batchFinished);
        auto batch = service.propagate(volume, QStringLiteral("synthetic"), snapshot, request);
        QVERIFY(batch);
        QVERIFY(progress.wait(900000));
        sam::SamPrompt prompt;
        prompt.points.push_back({60, 50, 1});
        service.requestMask(sourceAt(volume, 2), prompt);
        QVERIFY(finished.wait(900000));
        QCOMPARE(finished.last().at(1).toBool(), false);
        QCOMPARE(events, (QStringList{QStringLiteral("mask"), QStringLiteral("propagation")}));
        QVERIFY(result);
        std::vector<std::int64_t> slices;
        for (const propagation::SliceProposal& proposal : result->proposals)
            slices.push_back(proposal.slice);
        QCOMPARE(slices, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));

        // Cancelled after its first step: batchFinished(cancelled) at once, no result afterwards.
        events.clear();
        progress.clear();
        finished.clear();
        batch = service.propagate(volume, QStringLiteral("synthetic"), snapshot, request);
        QVERIFY(batch);
        QVERIFY(progress.wait(900000));
        service.cancelBatch(*batch);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(1).toBool(), true);
        QTest::qWait(3000);
        QVERIFY(events.isEmpty());
        QCOMPARE(finished.count(), 1);

        // A request the engine refuses (the anchor lacks the label) comes back at once.
        request.anchors = {3};
        QVERIFY(!service.propagate(volume, QStringLiteral("synthetic"), snapshot, request));
    }

    // Issue 16.3: a click on another slice does not wait for the shown slice's embedding (Embed priority,
    // which used to run to its end): it gives way between encoder blocks, the click's slice is embedded
    // and decoded, and the shown slice's embedding runs afterwards. A newer click on another slice
    // likewise stops the older click's embedding (its mask would be dropped anyway). Against the old
    // scheduling the first list read {embedded 3, embedded 2, mask} and the second had both masks.
    void clickOnAnotherSliceInterruptsShownSliceEmbedding()
    {
        SamService service;
        QSignalSpy loaded(&service, &SamService::modelLoaded);
        QSignalSpy failed(&service, &SamService::failed);
        service.loadModel(QString::fromStdString(kFixture));
        QVERIFY(loaded.wait(60000));
        const auto volume = makeVolume();
        const QString key2 = QString::fromStdString(sourceAt(volume, 2).cacheKey());
        const QString key3 = QString::fromStdString(sourceAt(volume, 3).cacheKey());
        const QString key4 = QString::fromStdString(sourceAt(volume, 4).cacheKey());
        QStringList events;
        connect(&service, &SamService::maskReady, this,
                [&](const MaskProposal& p) { events << QStringLiteral("mask %1").arg(p.requestId); });
        connect(&service, &SamService::embeddingReady, this,
                [&](const QString& key) { events << QStringLiteral("embedded ") + key; });
        QList<ModelActivity> activities;
        connect(&service, &SamService::activityChanged, this,
                [&](const ModelActivity& a) { activities << a; });
        sam::SamPrompt prompt;
        prompt.points.push_back({60, 50, 1});

        service.prefetch(sourceAt(volume, 3), true);
        QTest::qWait(150); // inside slice 3's encoder
        const auto click = service.requestMask(sourceAt(volume, 2), prompt);
        QSignalSpy idle(&service, &SamService::idle);
        QVERIFY(idle.wait(300000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(events,
                 (QStringList{QStringLiteral("embedded ") + key2, QStringLiteral("mask %1").arg(click),
                              QStringLiteral("embedded ") + key3}));
        // What the thread said it was doing: slice 3, then slice 2 (embedding, decoding), slice 3, idle.
        QVERIFY(activities.size() >= 4);
        QCOMPARE(activities.front().kind, ModelActivity::Kind::Embedding);
        QCOMPARE(activities.front().slice, std::int64_t(3));
        QCOMPARE(activities.back().kind, ModelActivity::Kind::Idle);

        events.clear();
        const auto older = service.requestMask(sourceAt(volume, 4), prompt);
        QTest::qWait(150); // inside slice 4's encoder
        const auto newer = service.requestMask(sourceAt(volume, 2), prompt);
        QVERIFY(idle.wait(300000));
        QVERIFY(older != newer);
        QCOMPARE(events, (QStringList{QStringLiteral("mask %1").arg(newer)}));
        Q_UNUSED(key4);
    }

    // Issue 18.3: the GPU fails at load (no driver) -> the model loads on the CPU, deviceFallback says why
    // once, and a click queued during the load is served. No GPU here: the failure is injected.
    void deviceFailureAtLoadFallsBackToCpu()
    {
        SamService service;
        service.setDevice(SamDevice{SamDevice::Kind::Cuda, 0});
        service.injectDeviceFault(DeviceFault::DriverMissing);
        QSignalSpy ready(&service, &SamService::modelReady);
        QSignalSpy fallback(&service, &SamService::deviceFallback);
        QSignalSpy failed(&service, &SamService::failed);
        QSignalSpy masks(&service, &SamService::maskReady);
        service.loadModel(QString::fromStdString(kFixture));
        QVERIFY(service.isLoading());
        sam::SamPrompt prompt;
        prompt.points.push_back({60, 50, 1});
        const auto click = service.requestMask(sourceAt(makeVolume(), 1), prompt); // queued behind the load
        QVERIFY(masks.wait(300000));
        QCOMPARE(masks.at(0).at(0).value<MaskProposal>().requestId, click);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(fallback.count(), 1);
        QVERIFY(fallback.at(0).at(0).value<delineate::Error>().detail.find("NVIDIA driver") !=
                std::string::npos);
        const auto model = ready.at(0).at(0).value<LoadedModel>();
        QCOMPARE(model.device, QStringLiteral("cpu"));
        QCOMPARE(model.requestedDevice, QStringLiteral("cuda:0"));
        QCOMPARE(model.variant, QStringLiteral("vit_t"));
        QCOMPARE(model.sha256.size(), 64);
        QVERIFY(!service.isLoading());
        QVERIFY(service.hasModel());
    }

    // Issue 18.3: out of memory in the middle of work -> the model goes on on the CPU, the failed click
    // runs again and the click queued behind it is served too; no `failed`.
    void outOfMemoryWhileWorkingFallsBackAndKeepsTheQueue()
    {
        SamService service;
        QSignalSpy loaded(&service, &SamService::modelLoaded);
        service.loadModel(QString::fromStdString(kFixture));
        QVERIFY(loaded.wait(60000));
        QSignalSpy fallback(&service, &SamService::deviceFallback);
        QSignalSpy failed(&service, &SamService::failed);
        QSignalSpy masks(&service, &SamService::maskReady);
        const auto volume = makeVolume();
        sam::SamPrompt prompt;
        prompt.points.push_back({60, 50, 1});
        service.injectDeviceFault(DeviceFault::OutOfMemory);
        const auto first = service.requestMask(sourceAt(volume, 2), prompt);
        service.prefetch(sourceAt(volume, 3), true); // queued behind the click
        QSignalSpy idle(&service, &SamService::idle);
        QVERIFY(idle.wait(300000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(fallback.count(), 1);
        QVERIFY(fallback.at(0).at(0).value<delineate::Error>().detail.find("out of memory") !=
                std::string::npos);
        QCOMPARE(masks.count(), 1);
        QCOMPARE(masks.at(0).at(0).value<MaskProposal>().requestId, first);
        QCOMPARE(service.loadedModel().device, QStringLiteral("cpu"));
    }

    // Segment everything that hits a GPU failure (out of memory) goes on on the CPU as clicks and
    // propagation do: deviceFallback once, no `failed`, and the candidates arrive -- the ones the same
    // request gave before the failure (same weights, same slice, now on the CPU as then).
    void segmentEverythingOutOfMemoryFallsBackToCpu()
    {
        SamService service;
        QSignalSpy loaded(&service, &SamService::modelLoaded);
        service.loadModel(QString::fromStdString(kFixture));
        QVERIFY(loaded.wait(60000));
        const auto volume = makeVolume();
        automask::AutomaticMaskOptions options;
        options.pointsPerSide = 4;
        options.predIouThreshold = 0.0; // random weights: keep candidates to compare
        options.stabilityThreshold = 0.0;
        QSignalSpy everything(&service, &SamService::everythingFinished);
        service.segmentEverything(sourceAt(volume, 2), options);
        QVERIFY(everything.wait(300000));
        const auto before = everything.at(0).at(0).value<EverythingOutcome>();
        QVERIFY(!before.masks.empty());

        QSignalSpy fallback(&service, &SamService::deviceFallback);
        QSignalSpy failed(&service, &SamService::failed);
        QSignalSpy finished(&service, &SamService::batchFinished);
        service.injectDeviceFault(DeviceFault::OutOfMemory);
        const auto batch = service.segmentEverything(sourceAt(volume, 2), options);
        QVERIFY(everything.wait(300000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(fallback.count(), 1);
        QVERIFY(fallback.at(0).at(0).value<delineate::Error>().detail.find("out of memory") !=
                std::string::npos);
        QCOMPARE(service.loadedModel().device, QStringLiteral("cpu"));
        const auto after = everything.at(1).at(0).value<EverythingOutcome>();
        QCOMPARE(after.batchId, batch);
        QCOMPARE(after.masks.size(), before.masks.size());
        for (std::size_t n = 0; n < after.masks.size(); ++n) {
            QVERIFY(after.masks[n].box == before.masks[n].box);
            QCOMPARE(after.masks[n].area, before.masks[n].area);
            QCOMPARE(after.masks[n].predictedIou, before.masks[n].predictedIou);
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(finished.at(0).at(0).toULongLong(), batch);
        QCOMPARE(finished.at(0).at(1).toBool(), false);
    }

    // A decoder-scope adapter leaves the image encoder as the checkpoint made it, so loading one keeps the
    // embeddings (Re-propagate after a retrain does not embed the study again): the shown slice's mask comes
    // without embedding, and equals the mask a fresh service computes with that adapter from scratch (the
    // independent path). An encoder adapter, and the base model after it, embed again.
    void decoderAdapterKeepsEmbeddings()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto writeAdapter = [&](const std::vector<int>& encoderLayers, const QString& name) {
            sam::SamOptions options;
            options.threads = 1;
            options.device = sam::ComputeDevice::Cpu;
            auto model = sam::SamPredictor::fromCheckpoint(kFixture, options);
            sam::PeftConfig peft;
            peft.method = sam::PeftMethod::Adapter;
            peft.encoderLayers = encoderLayers;
            peft.decoderLayers = {0, 1};
            const QString path = dir.filePath(name);
            const bool ok = model && model->addPeftLayers(peft) && model->savePeftWeights(path.toStdString());
            return ok ? path : QString();
        };
        const QString decoderAdapter = writeAdapter({}, QStringLiteral("decoder.safetensors"));
        const QString encoderAdapter = writeAdapter({1}, QStringLiteral("encoder.safetensors"));
        QVERIFY(!decoderAdapter.isEmpty() && !encoderAdapter.isEmpty());

        const auto volume = makeVolume();
        sam::SamPrompt prompt;
        prompt.points.push_back({60, 50, 1});
        // Loads checkpoint + adapter, then asks for slice 2's mask; an empty proposal when something failed.
        const auto maskAfterLoading = [&](SamService& service, const QString& adapter) {
            QSignalSpy loaded(&service, &SamService::modelLoaded);
            QSignalSpy masks(&service, &SamService::maskReady);
            service.loadModel(QString::fromStdString(kFixture), adapter);
            if (!loaded.wait(120000))
                return MaskProposal{};
            service.requestMask(sourceAt(volume, 2), prompt);
            if (!masks.wait(300000))
                return MaskProposal{};
            return masks.at(0).at(0).value<MaskProposal>();
        };
        SamServiceSettings settings;
        settings.threads = 1;
        SamService service(settings);
        QSignalSpy failed(&service, &SamService::failed);

        const MaskProposal base = maskAfterLoading(service, {});
        QCOMPARE(base.width, 150);
        QVERIFY(base.embedMilliseconds > 0);

        const MaskProposal withDecoderAdapter = maskAfterLoading(service, decoderAdapter);
        QCOMPARE(withDecoderAdapter.width, 150);
        QCOMPARE(withDecoderAdapter.embedMilliseconds, 0.0); // the base model's embedding, kept

        SamService fresh(settings);
        const MaskProposal fromScratch = maskAfterLoading(fresh, decoderAdapter);
        QCOMPARE(fromScratch.width, 150);
        QVERIFY(fromScratch.embedMilliseconds > 0);
        QVERIFY(withDecoderAdapter.logits == fromScratch.logits);
        QVERIFY(withDecoderAdapter.lowResLogits == fromScratch.lowResLogits);

        const MaskProposal withEncoderAdapter = maskAfterLoading(service, encoderAdapter);
        QCOMPARE(withEncoderAdapter.width, 150);
        QVERIFY(withEncoderAdapter.embedMilliseconds > 0); // its encoder differs: embedded again

        const MaskProposal baseAgain = maskAfterLoading(service, {});
        QCOMPARE(baseAgain.width, 150);
        QVERIFY(baseAgain.embedMilliseconds > 0); // the encoder adapter's embeddings are not the base's
        QVERIFY(baseAgain.logits == base.logits);
        QCOMPARE(failed.count(), 0);
    }

    void badCheckpointFailsCleanly()
    {
        SamService service;
        QSignalSpy failed(&service, &SamService::failed);
        service.loadModel(QStringLiteral("/nonexistent/model.pth"));
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.at(0).at(0).value<delineate::Error>().message().find("model.pth") !=
                std::string::npos);
        QVERIFY(!service.hasModel());
        QVERIFY(!service.isLoading());
        QSignalSpy failedAgain(&service, &SamService::failed);
        service.requestMask(sourceAt(makeVolume(), 0), {});
        QVERIFY(failedAgain.wait(10000));
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestSamService)
#include "tst_sam_service.moc"
