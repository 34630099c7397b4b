// The model thread end to end with the fixture MobileSAM (vit_t, random weights, official format).
#include "inference/SamService.h"
#include "base/AllocatorTuning.h"
#include "support/TestData.h"

#include <QSignalSpy>
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
    void initTestCase()
    {
        DELINEATE_REQUIRE_FILE(QString::fromStdString(kFixture));
    }

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
        connect(&service, &SamService::maskReady, this, [&] {
            order << QStringLiteral("mask");
            onGuiThread = QThread::currentThread() == QCoreApplication::instance()->thread();
        }, Qt::DirectConnection);
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
        QCOMPARE(events, (QStringList{QStringLiteral("mask %1").arg(click), QStringLiteral("embedded ") + neighbour}));

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

    void badCheckpointFailsCleanly()
    {
        SamService service;
        QSignalSpy failed(&service, &SamService::failed);
        service.loadModel(QStringLiteral("/nonexistent/model.pth"));
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.at(0).at(0).value<delineate::Error>().message().find("model.pth") != std::string::npos);
        QVERIFY(!service.hasModel());
        QSignalSpy failedAgain(&service, &SamService::failed);
        service.requestMask(sourceAt(makeVolume(), 0), {});
        QVERIFY(failedAgain.wait(10000));
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestSamService)
#include "tst_sam_service.moc"
