// parallelFor: every index runs exactly once, on more than one thread when asked; the first exception by
// index reaches the caller after all work has finished; a single item or thread runs inline.

#include "base/ParallelFor.h"
#include "support/QtTestMain.h"

#include <QtTest>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace delineate;

class TestParallelFor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyIndexOnce()
    {
        for (unsigned threads : {0u, 1u, 2u, 4u}) {
            std::vector<std::atomic<int>> runs(1000);
            parallelFor(
                runs.size(), [&](std::size_t i) { ++runs[i]; }, threads);
            for (const auto& count : runs)
                QCOMPARE(count.load(), 1);
        }
        parallelFor(0, [](std::size_t) { QFAIL("no work expected"); });
    }

    void usesSeveralThreads()
    {
        std::mutex mutex;
        std::set<std::thread::id> seen;
        std::atomic<int> waiting{0};
        // Two items that each wait until both run: only possible on two threads at once.
        parallelFor(
            2,
            [&](std::size_t) {
                ++waiting;
                QElapsedTimer clock;
                clock.start();
                while (waiting.load() < 2 && clock.elapsed() < 5000)
                    std::this_thread::yield();
                const std::lock_guard lock(mutex);
                seen.insert(std::this_thread::get_id());
            },
            2);
        QCOMPARE(seen.size(), std::size_t(2));

        seen.clear();
        parallelFor(
            1, [&](std::size_t) { seen.insert(std::this_thread::get_id()); }, 4);
        QCOMPARE(*seen.begin(), std::this_thread::get_id()); // one item: inline
    }

    void firstExceptionByIndexAfterAllWork()
    {
        std::atomic<int> done{0};
        try {
            parallelFor(
                50,
                [&](std::size_t i) {
                    if (i == 7 || i == 30)
                        throw std::runtime_error("item " + std::to_string(i));
                    ++done;
                },
                3);
            QFAIL("the exception must reach the caller");
        } catch (const std::runtime_error& e) {
            QCOMPARE(QString(e.what()), QStringLiteral("item 7"));
        }
        QCOMPARE(done.load(), 48);
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestParallelFor)
#include "tst_parallel_for.moc"
