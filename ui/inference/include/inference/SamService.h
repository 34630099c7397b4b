#pragma once
// GUI-side handle of the model thread. One std::thread owns the SAM predictor (model, embeddings,
// cache); the GUI only posts value-type requests and receives value-type results as queued signals.
// No mutex guards the model: nothing but the model thread ever touches it.
//
// Scheduling (JobQueue): decode for the current slice, then the current slice's embedding, then
// prefetching neighbours, then batch work. A newer decode supersedes a pending older one. A prefetch
// or batch embedding in progress gives way to a more urgent job between encoder blocks and resumes
// (from the start) after it, so a click never waits for a whole neighbour's embedding.
// The shown slice's embedding and a click's own embedding give way (between encoder blocks) to a click
// on another slice: a click waits for at most one encoder block of unrelated work, then its own
// embedding (if not cached) and decode.
// Embeddings are cached (LRU with a memory cap) by study, plane, slice, window, model and adapter.
//
// Device (setDevice): a model that cannot load on the GPU, or a job that fails there (CUDA out of
// memory, driver missing), goes on on the CPU: deviceFallback tells why, the failed job runs again and
// the queued requests are served in order; nothing the annotator asked for is dropped.

#include "base/Error.h"
#include "base/Result.h"
#include "image/LabelMap.h"
#include "inference/InferenceTypes.h"
#include "inference/LoadedModel.h"
#include "inference/ModelActivity.h"
#include "inference/SamDevice.h"
#include "propagation/PropagationRequest.h"

#include <QObject>

#include <memory>
#include <utility>
#include <vector>

namespace delineate::ui {

namespace detail {
struct PredictorSource;
}

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
    // A load was asked for and has not ended yet: requests made now are queued behind it and served
    // when it is ready.
    [[nodiscard]] bool isLoading() const { return m_loading; }
    // The model loaded last (empty while none is).
    [[nodiscard]] const LoadedModel& loadedModel() const { return m_loaded; }
    // Where the next loadModel runs (Auto by default). Does not move a loaded model: load it again.
    void setDevice(const SamDevice& device) { m_device = device; }
    [[nodiscard]] SamDevice device() const { return m_device; }
    // Test hook: the next model load (DriverMissing) or embedding / decode / segment-everything run
    // (OutOfMemory) fails as a CUDA failure would, whatever the device, so that the fallback is tested
    // without a GPU.
    void injectDeviceFault(DeviceFault fault);

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
    // Propagates `request.value` through `volume` from the request's anchors (core/propagation's
    // PropagationRun, started here on `labels`, a snapshot the caller no longer edits). The model
    // thread runs it as a batch of one job per step (Batch priority: clicks and the shown slice go
    // first between steps, and an embedding gives way to them between encoder blocks), prefetching the
    // embeddings of the slices ahead of the fronts (prefetchDepth per front) into the shared cache.
    // batchProgress reports steps done of at most done + slices left; propagationFinished brings the
    // result, cancelBatch drops it (batchFinished(id, true), nothing is kept). Errors of the request
    // (anchors without the label, ...) come back at once.
    [[nodiscard]] Result<std::uint64_t> propagate(std::shared_ptr<const image::Volume> volume,
                                                  const QString& studyId,
                                                  std::shared_ptr<const image::LabelMap> labels,
                                                  const propagation::PropagationRequest& request,
                                                  int prefetchDepth = 2);
    // Segment everything (core/automask) on one slice: a batch of one job (Batch priority; a more urgent
    // job interrupts it and it starts again after it), batchProgress in grid points decoded,
    // everythingFinished with the candidates, then batchFinished(id, false); cancelBatch drops it. A GPU
    // failure on the way falls back to the CPU (deviceFallback) and the run starts again there.
    std::uint64_t segmentEverything(const SliceSource& source, const automask::AutomaticMaskOptions& options);
    // Decodes each slice with its prompt (Batch priority, as segmentSlices): batchSliceReady per slice
    // (the proposal's iouScore is SAM's predicted IoU), batchProgress, batchFinished; cancellable.
    std::uint64_t decodeSlices(const std::vector<std::pair<SliceSource, sam::SamPrompt>>& requests);
    void cancelBatch(std::uint64_t batchId);
    // The embedding cache's memory cap; the model thread applies it before its next job.
    void setCacheCapacity(std::size_t bytes);
    [[nodiscard]] std::size_t cacheCapacity() const { return m_cacheCapacity; }
    // True when the model thread has nothing queued and is not working on a job (GUI thread; a job
    // pushed by another thread a moment ago may not show yet).
    [[nodiscard]] bool isIdle() const;

Q_SIGNALS:
    void modelLoaded(const QString& description, const QString& device);
    // Emitted just before modelLoaded, with the whole description (also after a fallback to the CPU).
    void modelReady(const delineate::ui::LoadedModel& model);
    // The GPU failed (at load or while working) and the model now runs on the CPU; `error` says why.
    void deviceFallback(const delineate::Error& error);
    // The model thread started loading, embedding or decoding, or went idle.
    void activityChanged(const delineate::ui::ModelActivity& activity);
    // A model load or a request failed (typed: ui/feedback's ErrorPresenter words it for the user).
    void failed(const delineate::Error& error);
    void maskReady(const delineate::ui::MaskProposal& proposal);
    void batchSliceReady(std::uint64_t batchId, const delineate::ui::MaskProposal& proposal);
    void batchProgress(const delineate::ui::BatchProgress& progress);
    void batchFinished(std::uint64_t batchId, bool cancelled);
    // A propagation ended (after its last batchProgress; batchFinished(id, false) follows).
    void propagationFinished(const delineate::ui::PropagationOutcome& outcome);
    // A segment-everything batch ended with its candidates (not after a failure or a cancel).
    void everythingFinished(const delineate::ui::EverythingOutcome& outcome);
    void embeddingReady(const QString& cacheKey, double milliseconds);
    // The model thread finished a job and found its queue empty (decodes, embeddings and prefetches
    // done): benchmarks and tests wait for it before timing decodes on cached embeddings.
    void idle();

private:
    struct Worker;
    void pushLoad(const detail::PredictorSource& source);

    std::unique_ptr<Worker> m_worker;
    std::size_t m_cacheCapacity = 0;
    std::uint64_t m_nextId = 1;
    bool m_modelReady = false;
    bool m_loading = false;
    std::uint64_t m_loadGeneration = 0;
    LoadedModel m_loaded;
    SamDevice m_device;
};

} // namespace delineate::ui
