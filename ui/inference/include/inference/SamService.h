#pragma once
// GUI-side handle of the model thread. One std::thread owns the SAM predictor (model, embeddings,
// cache); the GUI only posts value-type requests and receives value-type results as queued signals.
// No mutex guards the model: nothing but the model thread ever touches it.
//
// Scheduling (JobQueue): decode for the current slice, then the current slice's embedding, then
// prefetching neighbours, then batch work. A newer decode supersedes a pending older one. A prefetch
// or batch embedding in progress gives way to a more urgent job between encoder blocks and resumes
// (from the start) after it, so a click never waits for a whole neighbour's embedding.
// Embeddings are cached (LRU with a memory cap) by study, plane, slice, window, model and adapter.

#include "base/Error.h"
#include "inference/InferenceTypes.h"

#include <QObject>

#include <memory>

namespace delineate::ui {

struct SamServiceSettings {
    std::size_t cacheBytes = std::size_t(512) << 20; // embeddings are 4 MiB each
    int threads = 0;                                 // 0: all cores
    int prefetchRadius = 2;                          // neighbouring slices embedded ahead
};

class SamService : public QObject {
    Q_OBJECT
public:
    explicit SamService(const SamServiceSettings& settings = {}, QObject* parent = nullptr);
    ~SamService() override;

    // Loads a checkpoint (and optionally PEFT weights) on the model thread; modelLoaded or failed follows.
    void loadModel(const QString& checkpointPath, const QString& adapterPath = {});
    // Random-weight model of a registry variant ("vit_t", "vit_b", ...): tests and benchmarks.
    void loadRandomModel(const QString& variant);
    [[nodiscard]] bool hasModel() const { return m_modelReady; }

    // Decodes `prompt` on `source` (embedding first if needed). Supersedes a pending decode.
    std::uint64_t requestMask(const SliceSource& source, const sam::SamPrompt& prompt);
    // Embeds a slice ahead of time (current slice: Embed priority; neighbours: Prefetch). A newer
    // current-slice request replaces a pending one, so scrolling never queues a backlog.
    void prefetch(const SliceSource& source, bool current = false);
    // Drops pending neighbour prefetches (the view moved on).
    void cancelPrefetch();
    // Prompt-free suggestions for slices [first, last] of `source`'s plane; cancellable.
    std::uint64_t segmentRange(const SliceSource& source, std::int64_t first, std::int64_t last);
    // The same for explicit sources (e.g. each slice with its own window); one batch.
    std::uint64_t segmentSlices(const std::vector<SliceSource>& sources);
    void cancelBatch(std::uint64_t batchId);
    // The embedding cache's memory cap; the model thread applies it before its next job.
    void setCacheCapacity(std::size_t bytes);
    [[nodiscard]] std::size_t cacheCapacity() const { return m_cacheCapacity; }
    // True when the model thread has nothing queued and is not working on a job (GUI thread; a job
    // pushed by another thread a moment ago may not show yet).
    [[nodiscard]] bool isIdle() const;

Q_SIGNALS:
    void modelLoaded(const QString& description, const QString& device);
    // A model load or a request failed (typed: ui/feedback's ErrorPresenter words it for the user).
    void failed(const delineate::Error& error);
    void maskReady(const delineate::ui::MaskProposal& proposal);
    void batchSliceReady(std::uint64_t batchId, const delineate::ui::MaskProposal& proposal);
    void batchProgress(const delineate::ui::BatchProgress& progress);
    void batchFinished(std::uint64_t batchId, bool cancelled);
    void embeddingReady(const QString& cacheKey, double milliseconds);
    // The model thread finished a job and found its queue empty (decodes, embeddings and prefetches
    // done): benchmarks and tests wait for it before timing decodes on cached embeddings.
    void idle();

private:
    struct Worker;
    std::unique_ptr<Worker> m_worker;
    std::size_t m_cacheCapacity = 0;
    std::uint64_t m_nextId = 1;
    bool m_modelReady = false;
};

} // namespace delineate::ui
