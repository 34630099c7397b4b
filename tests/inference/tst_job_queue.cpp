#include "EmbeddingCache.h"
#include "JobQueue.h"
#include "support/QtTestMain.h"

#include <QtTest>

#include <thread>

using namespace delineate::ui;

class TestJobQueue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void priorityThenFifo()
    {
        JobQueue<int> queue;
        queue.push({JobPriority::Batch, {}, 1, 1});
        queue.push({JobPriority::Prefetch, {}, 0, 2});
        queue.push({JobPriority::Batch, {}, 1, 3});
        queue.push({JobPriority::Decode, {}, 0, 4});
        queue.push({JobPriority::Embed, {}, 0, 5});
        queue.push({JobPriority::Decode, {}, 0, 6});
        std::vector<int> order;
        while (queue.size())
            order.push_back(queue.pop()->payload);
        QCOMPARE(order, (std::vector<int>{4, 6, 5, 2, 1, 3}));
    }

    void newerDecodeSupersedesPending()
    {
        JobQueue<int> queue;
        queue.push({JobPriority::Decode, "decode", 0, 1});
        queue.push({JobPriority::Embed, "embed|a", 0, 2});
        queue.push({JobPriority::Decode, "decode", 0, 3});
        QCOMPARE(queue.size(), std::size_t(2));
        QCOMPARE(queue.pop()->payload, 3);
    }

    void cancelGroupDropsBatch()
    {
        JobQueue<int> queue;
        for (int n = 0; n < 5; ++n)
            queue.push({JobPriority::Batch, {}, 7, n});
        queue.push({JobPriority::Batch, {}, 8, 99});
        QCOMPARE(queue.cancelGroup(7), std::size_t(5));
        QCOMPARE(queue.pop()->payload, 99);
    }

    // An interrupted job goes back first in its priority, behind more urgent work; not when its batch
    // or its priority was cancelled, or a newer job with its key waits.
    void requeueInterruptedJob()
    {
        JobQueue<int> queue;
        queue.push({JobPriority::Prefetch, "prefetch|a", 0, 1});
        queue.push({JobPriority::Prefetch, "prefetch|b", 0, 2});
        queue.push({JobPriority::Batch, {}, 7, 3});
        auto running = queue.pop();
        QCOMPARE(running->payload, 1);
        QVERIFY(!queue.hasJobAbove(JobPriority::Prefetch));
        queue.push({JobPriority::Decode, "decode", 0, 4});
        QVERIFY(queue.hasJobAbove(JobPriority::Prefetch));
        QVERIFY(queue.hasJobAbove(JobPriority::Batch));
        QVERIFY(!queue.hasJobAbove(JobPriority::Decode));
        QVERIFY(queue.requeue(std::move(*running)));
        std::vector<int> order;
        while (queue.size())
            order.push_back(queue.pop()->payload);
        QCOMPARE(order, (std::vector<int>{4, 1, 2, 3}));

        queue.push({JobPriority::Prefetch, "prefetch|a", 0, 1});
        running = queue.pop();
        queue.cancelPriority(JobPriority::Prefetch); // the view moved on
        QVERIFY(!queue.requeue(std::move(*running)));
        queue.push({JobPriority::Prefetch, "prefetch|a", 0, 1});
        running = queue.pop();
        queue.push({JobPriority::Prefetch, "prefetch|a", 0, 5}); // asked again meanwhile
        QVERIFY(!queue.requeue(std::move(*running)));
        QCOMPARE(queue.pop()->payload, 5);

        queue.push({JobPriority::Batch, {}, 8, 6});
        queue.push({JobPriority::Batch, {}, 8, 7});
        running = queue.pop();
        queue.cancelGroup(8);
        QVERIFY(!queue.requeue(std::move(*running)));
        QCOMPARE(queue.size(), std::size_t(0));
        queue.push({JobPriority::Batch, {}, 9, 8});
        running = queue.pop();
        QVERIFY(queue.requeue(std::move(*running))); // another batch's cancellation does not touch it
        QCOMPARE(queue.pop()->payload, 8);
    }

    void closeWakesBlockedConsumer()
    {
        JobQueue<int> queue;
        std::optional<JobQueue<int>::Job> popped{JobQueue<int>::Job{}};
        std::thread consumer([&] { popped = queue.pop(); });
        QTest::qWait(20);
        queue.close();
        consumer.join();
        QVERIFY(!popped.has_value());
    }

    void cacheEvictsLeastRecentlyUsed()
    {
        EmbeddingCache<int> cache(3 * 4);
        cache.put("a", 1, 4);
        cache.put("b", 2, 4);
        cache.put("c", 3, 4);
        QCOMPARE(cache.get("a").value(), 1); // a becomes most recent
        cache.put("d", 4, 4);                // evicts b
        QVERIFY(!cache.contains("b"));
        QVERIFY(cache.contains("a") && cache.contains("c") && cache.contains("d"));
        QCOMPARE(cache.bytesUsed(), std::size_t(12));
        cache.setCapacity(4);
        QCOMPARE(cache.size(), std::size_t(1));
        QVERIFY(cache.contains("d"));
    }

    void cacheRemovePrefix()
    {
        EmbeddingCache<int> cache(100);
        cache.put("m1|s|1", 1, 1);
        cache.put("m1|s|2", 2, 1);
        cache.put("m2|s|1", 3, 1);
        cache.removePrefix("m1|");
        QCOMPARE(cache.size(), std::size_t(1));
        QCOMPARE(cache.bytesUsed(), std::size_t(1));
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestJobQueue)
#include "tst_job_queue.moc"
