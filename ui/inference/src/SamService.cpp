#include "inference/SamService.h"

#include "EmbeddingCache.h"
#include "EverythingJob.h"
#include "JobQueue.h"
#include "PredictorLoading.h"
#include "ServiceSlicePredictor.h"
#include "propagation/PropagationRun.h"
#include "sam/SamPredictor.h"

#include <QFileInfo>
#include <QLoggingCategory>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <variant>

namespace delineate::ui {
namespace {

// Timing of every job on the model thread: QT_LOGGING_RULES="delineate.sam.debug=true".
Q_LOGGING_CATEGORY(samLog, "delineate.sam", QtWarningMsg)

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

constexpr std::size_t kEmbeddingBytes = std::size_t(256) * 64 * 64 * sizeof(float);

struct LoadModelJob {
    detail::PredictorSource source;
    SamDevice device;
    std::uint64_t generation = 0; // SamService::m_loadGeneration when asked
};
struct DecodeJob {
    std::uint64_t id;
    SliceSource source;
    sam::SamPrompt prompt;
};
struct EmbedJob {
    SliceSource source;
};
struct BatchSliceJob {
    std::uint64_t batchId;
    SliceSource source;
    sam::SamPrompt prompt; // empty: prompt-free
};
struct SegmentEverythingJob {
    std::uint64_t batchId;
    SliceSource source;
    automask::AutomaticMaskOptions options;
};
struct CapacityJob {
    std::size_t bytes;
};
// A propagation (SamService::propagate): started, stepped one slice per job, its embeddings prefetched
// ahead of the fronts, dropped when cancelled.
struct PropagationStartJob {
    std::uint64_t batchId;
    std::shared_ptr<propagation::PropagationRun> run;
    std::shared_ptr<const image::Volume> volume;
    QString studyId;
    int prefetchDepth;
};
struct PropagationStepJob {
    std::uint64_t batchId;
};
struct PropagationPrefetchJob {
    std::uint64_t batchId;
    image::SliceAxis axis;
    std::int64_t slice;
};
struct PropagationDropJob {
    std::uint64_t batchId;
};
using Payload =
    std::variant<LoadModelJob, DecodeJob, EmbedJob, BatchSliceJob, CapacityJob, PropagationStartJob,
                 PropagationStepJob, PropagationPrefetchJob, PropagationDropJob, SegmentEverythingJob>;
using Job = JobQueue<Payload>::Job;

const char* jobName(const Payload& payload)
{
    static constexpr const char* names[] = {"load model",
                                            "decode",
                                            "embed",
                                            "batch slice",
                                            "cache capacity",
                                            "propagation start",
                                            "propagation step",
                                            "propagation prefetch",
                                            "propagation drop",
                                            "segment everything"};
    return names[payload.index()];
}

// A single mask from a prediction: the best of several, or for finetune-SAM's prompt-free class
// channels the foreground-vs-background margin (argmax of two classes ⇔ margin > 0).
// The mask with the highest predicted IoU (the only one for automatic predictions).
void selectMask(const sam::SamPrediction& prediction, MaskProposal& out)
{
    out.width = prediction.width;
    out.height = prediction.height;
    const std::size_t pixels = std::size_t(prediction.width) * prediction.height;
    const std::size_t lowPixels =
        std::size_t(sam::SamPrediction::lowResSize) * sam::SamPrediction::lowResSize;
    const int best = prediction.bestIndex();
    out.logits.assign(prediction.mask(best), prediction.mask(best) + pixels);
    out.lowResLogits.assign(prediction.lowResMask(best), prediction.lowResMask(best) + lowPixels);
    out.iouScore = prediction.iouScores.empty() ? 0.0f : prediction.iouScores[std::size_t(best)];
}

} // namespace

struct SamService::Worker {
    explicit Worker(SamService* owner, const SamServiceSettings& options)
        : service(owner), settings(options), cache(options.cacheBytes)
    {
        thread = std::thread([this] { run(); });
    }
    ~Worker()
    {
        queue.close();
        thread.join();
    }

    // --- shared between threads: the queue (internally synchronised) and the busy flag ---
    JobQueue<Payload> queue;
    std::atomic<bool> working{false};
    std::atomic<int> fault{int(DeviceFault::None)}; // test hook: the next device job fails

    // --- GUI thread only ---
    std::map<std::uint64_t, int> batchTotals; // active batches and their slice counts

    // --- model thread only ---
    SamService* service; // outlives the worker: ~SamService joins the thread first
    SamServiceSettings settings;
    std::optional<sam::SamPredictor> predictor;
    EmbeddingCache<sam::SamImageEmbedding> cache;
    std::uint64_t modelGeneration = 0; // the cache's key prefix: a new one for every new image encoder
    std::string encoderIdentity;       // of the loaded model's image encoder ("" = unlike any other)
    std::map<std::uint64_t, std::pair<int, Clock::time_point>> batchDone;
    struct Propagation {
        std::shared_ptr<propagation::PropagationRun> run;
        std::shared_ptr<const image::Volume> volume;
        QString studyId;
        int prefetchDepth = 2;
        Clock::time_point started;
        int embedded = 0;
        std::set<std::int64_t> prefetched;
    };
    std::map<std::uint64_t, Propagation> propagations;
    JobPriority running = JobPriority::Decode; // priority of the job being handled
    std::string runningTarget;                 // its slice (Job::target)
    std::string runningSupersede;              // its supersede key
    bool interrupted = false;                  // its embedding stopped for a more urgent job
    LoadModelJob lastLoad;                     // what the predictor was loaded from
    std::optional<Error> deviceFailure;        // the running job failed on the GPU: go on on the CPU
    std::thread thread;

    // Runs `f` on the GUI thread (queued), if the service still exists.
    template <typename F> void post(F&& f)
    {
        QMetaObject::invokeMethod(service, std::forward<F>(f), Qt::QueuedConnection);
    }

    void run()
    {
        while (auto job = queue.pop()) {
            working = true;
            running = job->priority;
            runningTarget = job->target;
            runningSupersede = job->supersedeKey;
            const auto start = Clock::now();
            std::visit([this](auto& payload) { handle(payload); }, job->payload);
            if (deviceFailure) {
                // The GPU failed (out of memory, driver): the model goes on on the CPU and this job runs
                // again first; the jobs queued behind it stay as they are.
                if (fallBackToCpu())
                    queue.requeue(std::move(*job));
            } else if (interrupted) {
                // A prefetch or batch embedding gave way to a click (or the shown slice): it goes back
                // in front of its priority, unless it was cancelled meanwhile.
                interrupted = false;
                qCDebug(samLog, "%s %s: interrupted after %.1f ms", jobName(job->payload),
                        job->supersedeKey.c_str(), millisecondsSince(start));
                queue.requeue(std::move(*job));
            } else {
                qCDebug(samLog, "%s %s: %.1f ms, %zu queued", jobName(job->payload),
                        job->supersedeKey.c_str(), millisecondsSince(start), queue.size());
            }
            working = false;
            if (queue.size() == 0)
                post([s = service] {
                    Q_EMIT s->activityChanged(ModelActivity{});
                    Q_EMIT s->idle();
                });
        }
    }

    std::string modelKey() const { return "m" + std::to_string(modelGeneration) + "|"; }

    // Two loads with the same identity make the same embeddings: the same checkpoint file content, the same
    // device, and an image encoder no adapter changed (Re-propagate after a decoder-scope retrain embeds
    // nothing again). Random weights and encoder adapters are unlike anything.
    static std::string identityOf(const sam::SamPredictor& model, const LoadModelJob& job)
    {
        if (!job.source.randomVariant.isEmpty() || model.baseCheckpointSha256().empty() ||
            !model.imageEncoderIsBase())
            return {};
        return model.baseCheckpointSha256() + "|" + model.deviceName();
    }

    // The embeddings of the model before stay only when `identity` says the new one embeds the same.
    void keepEmbeddingsOnlyFor(const std::string& identity)
    {
        if (identity.empty() || identity != encoderIdentity) {
            cache.clear();
            ++modelGeneration;
        }
        encoderIdentity = identity;
    }

    Result<sam::SamImageEmbedding> embeddingFor(const SliceSource& source, double& milliseconds)
    {
        milliseconds = 0.0;
        const std::string key = modelKey() + source.cacheKey();
        if (auto cached = cache.get(key))
            return *cached;
        const auto slice = image::extractSlice(*source.volume, source.axis, source.slice);
        if (slice.width == 0)
            return makeError(ErrorCode::InvalidArgument, "",
                             "slice " + std::to_string(source.slice) + " is out of range");
        const std::vector<std::uint8_t> rgb = image::toRgb8(slice, source.window);
        report(ModelActivity::Kind::Embedding, source);
        const auto start = Clock::now();
        if (auto injected = takeFault(DeviceFault::OutOfMemory)) {
            deviceFailure = injected;
            return *injected;
        }
        if (auto set = predictor->setImage({rgb.data(), slice.width, slice.height, 3}); !set) {
            interrupted = set.error().code == ErrorCode::Cancelled;
            noteDeviceFailure(set.error());
            return set.error();
        }
        milliseconds = millisecondsSince(start);
        cache.put(key, predictor->embedding(), kEmbeddingBytes);
        const QString qkey = QString::fromStdString(source.cacheKey());
        const double ms = milliseconds;
        post([s = service, qkey, ms] { Q_EMIT s->embeddingReady(qkey, ms); });
        return predictor->embedding();
    }

    void fail(const Error& error)
    {
        if (deviceFailure)
            return; // not the request's fault: it runs again on the CPU
        post([s = service, error] { Q_EMIT s->failed(error); });
    }

    void report(ModelActivity::Kind kind, const SliceSource& source)
    {
        ModelActivity activity{kind, {}, source.studyId, source.axis, source.slice};
        post([s = service, activity] { Q_EMIT s->activityChanged(activity); });
    }

    // The injected fault `kind`, once (test hook), as the error LibTorch would give.
    std::optional<Error> takeFault(DeviceFault kind)
    {
        int expected = int(kind);
        if (!fault.compare_exchange_strong(expected, int(DeviceFault::None)))
            return std::nullopt;
        return detail::injectedDeviceFailure(kind);
    }

    void noteDeviceFailure(const Error& error)
    {
        if (predictor && predictor->deviceName() != "cpu" && detail::isDeviceFailure(error))
            deviceFailure = error;
    }

    // `device`, or the CPU when that device fails to load (`fellBack` names why).
    Result<sam::SamPredictor> loadOn(const LoadModelJob& job, std::optional<Error>& fellBack)
    {
        if (job.device.kind != SamDevice::Kind::Cpu) {
            std::optional<Error> injected = takeFault(DeviceFault::DriverMissing);
            Result<sam::SamPredictor> loaded =
                injected ? Result<sam::SamPredictor>(*injected)
                         : detail::loadPredictor(job.source, job.device, settings.threads);
            if (loaded || !detail::isDeviceFailure(loaded.error()))
                return loaded;
            fellBack = loaded.error();
        }
        return detail::loadPredictor(job.source, SamDevice{SamDevice::Kind::Cpu, 0}, settings.threads);
    }

    // Makes `loaded` the model and tells the GUI thread (generation 0: not a load it asked for).
    void install(sam::SamPredictor loaded, const LoadModelJob& job, const std::optional<Error>& fellBack)
    {
        predictor.emplace(std::move(loaded));
        // Prefetch and batch embeddings stop between encoder blocks when a more urgent job waits; the
        // shown slice's embedding and a click's own embedding stop for a click on another slice.
        predictor->setInterruptCheck([this] {
            if (running == JobPriority::Prefetch || running == JobPriority::Batch)
                return queue.hasJobAbove(running);
            return queue.hasPending([this](const Job& j) {
                return !j.target.empty() && j.target != runningTarget &&
                       (j.priority < running ||
                        (j.priority == running && j.supersedeKey == runningSupersede));
            });
        });
        lastLoad = job;
        LoadedModel info;
        info.checkpoint = job.source.checkpoint;
        info.adapter = job.source.adapter;
        info.variant = QString::fromLatin1(sam::variantName(predictor->config().variant));
        info.device = QString::fromStdString(predictor->deviceName());
        info.sha256 = QString::fromStdString(predictor->baseCheckpointSha256());
        info.requestedDevice = job.device.id();
        const QString description =
            info.variant + (info.adapter.isEmpty() ? QString() : QStringLiteral(" + adapter"));
        post([s = service, info, description, fellBack, generation = job.generation] {
            s->m_modelReady = true;
            s->m_loaded = info;
            if (generation == s->m_loadGeneration)
                s->m_loading = false;
            if (fellBack)
                Q_EMIT s->deviceFallback(*fellBack);
            Q_EMIT s->modelReady(info);
            Q_EMIT s->modelLoaded(description, info.device);
        });
    }

    void failLoad(const Error& error, std::uint64_t generation)
    {
        post([s = service, error, generation] {
            s->m_modelReady = false;
            s->m_loaded = {};
            if (generation == s->m_loadGeneration)
                s->m_loading = false;
            Q_EMIT s->failed(error);
        });
    }

    // After deviceFailure: the same model on the CPU. False when even that fails (then no model).
    bool fallBackToCpu()
    {
        const Error why = *deviceFailure;
        deviceFailure.reset();
        predictor.reset();
        keepEmbeddingsOnlyFor({}); // its embeddings live on the failed device
        LoadModelJob job = lastLoad;
        job.device = SamDevice{SamDevice::Kind::Cpu, 0};
        job.generation = 0;
        Result<sam::SamPredictor> loaded = detail::loadPredictor(job.source, job.device, settings.threads);
        if (!loaded) {
            failLoad(loaded.error(), 0);
            return false;
        }
        job.device = lastLoad.device; // still what the user asked for
        install(std::move(loaded.value()), job, why);
        return true;
    }

    void handle(LoadModelJob& job)
    {
        predictor.reset();
        const QString name = job.source.randomVariant.isEmpty() ? QFileInfo(job.source.checkpoint).fileName()
                                                                : job.source.randomVariant;
        post([s = service, name] {
            Q_EMIT s->activityChanged(
                ModelActivity{ModelActivity::Kind::Loading, name, {}, image::SliceAxis::K, -1});
        });
        std::optional<Error> fellBack;
        Result<sam::SamPredictor> loaded = loadOn(job, fellBack);
        if (!loaded) {
            keepEmbeddingsOnlyFor({});
            failLoad(loaded.error(), job.generation);
            return;
        }
        keepEmbeddingsOnlyFor(identityOf(loaded.value(), job));
        install(std::move(loaded.value()), job, fellBack);
    }

    bool requireModel()
    {
        if (predictor)
            return true;
        fail(makeError(ErrorCode::InvalidArgument, "", "no SAM model is loaded"));
        return false;
    }

    // Embeds (or takes from the cache) and decodes; fills `proposal`.
    bool decode(const SliceSource& source, const sam::SamPrompt& prompt, MaskProposal& proposal)
    {
        auto embedding = embeddingFor(source, proposal.embedMilliseconds);
        if (!embedding) {
            if (!interrupted)
                fail(embedding.error());
            return false;
        }
        report(ModelActivity::Kind::Decoding, source);
        const auto start = Clock::now();
        (void)predictor->setEmbedding(*embedding);
        // No prompt: the automatic (prompt-free) output, the one retraining trains. One
        // positive/negative click is ambiguous: ask for several masks and keep the best.
        const bool emptyPrompt = prompt.points.empty() && !prompt.box && prompt.maskInput.empty();
        const bool multimask = prompt.points.size() <= 1 && !prompt.box && prompt.maskInput.empty();
        if (auto injected = takeFault(DeviceFault::OutOfMemory)) {
            deviceFailure = injected;
            return false;
        }
        auto prediction = emptyPrompt ? predictor->predictAutomatic() : predictor->predict(prompt, multimask);
        if (!prediction) {
            noteDeviceFailure(prediction.error());
            fail(prediction.error());
            return false;
        }
        selectMask(*prediction, proposal);
        proposal.decodeMilliseconds = millisecondsSince(start);
        proposal.source = source;
        return true;
    }

    void handle(DecodeJob& job)
    {
        if (!requireModel())
            return;
        MaskProposal proposal;
        proposal.requestId = job.id;
        if (decode(job.source, job.prompt, proposal))
            post([s = service, proposal] { Q_EMIT s->maskReady(proposal); });
    }

    void handle(EmbedJob& job)
    {
        if (!predictor)
            return;
        double ms = 0.0;
        (void)embeddingFor(job.source, ms);
    }

    void handle(BatchSliceJob& job)
    {
        if (!requireModel())
            return;
        auto& [done, started] = batchDone.try_emplace(job.batchId, 0, Clock::now()).first->second;
        MaskProposal proposal;
        const bool ok = decode(job.source, job.prompt, proposal);
        if (interrupted || deviceFailure)
            return; // queued again; counted when it completes
        ++done;
        const std::uint64_t batchId = job.batchId;
        const int finished = done;
        const double perSlice = std::chrono::duration<double>(Clock::now() - started).count() / finished;
        post([s = service, batchId, finished, perSlice, ok, proposal] {
            auto it = s->m_worker->batchTotals.find(batchId);
            if (it == s->m_worker->batchTotals.end())
                return; // cancelled
            if (ok)
                Q_EMIT s->batchSliceReady(batchId, proposal);
            const int total = it->second;
            Q_EMIT s->batchProgress({batchId, finished, total, perSlice * (total - finished)});
            if (finished >= total) {
                s->m_worker->batchTotals.erase(it);
                Q_EMIT s->batchFinished(batchId, false);
            }
        });
    }

    void handle(CapacityJob& job) { cache.setCapacity(job.bytes); }

    void handle(SegmentEverythingJob& job)
    {
        if (!requireModel())
            return;
        const auto started = Clock::now();
        const std::uint64_t batchId = job.batchId;
        if (auto injected = takeFault(DeviceFault::OutOfMemory)) {
            deviceFailure = injected; // as the generator's first embedding would fail: again on the CPU
            return;
        }
        int reported = -1;
        auto masks = detail::runEverything(
            *predictor, job.source, job.options, [&](const automask::AutomaticMaskProgress& progress) {
                if (queue.hasJobAbove(JobPriority::Batch))
                    return false; // a click (or a cancel) first; this job starts again after it
                // About every 4 % of the grid, so that the GUI thread is not flooded with signals.
                if (progress.decoded == progress.total ||
                    progress.decoded - reported >= std::max(1, progress.total / 25)) {
                    reported = progress.decoded;
                    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
                    const double left = progress.decoded > 0
                                            ? seconds / progress.decoded * (progress.total - progress.decoded)
                                            : 0.0;
                    const BatchProgress report{batchId, progress.decoded, progress.total, left};
                    post([s = service, report] {
                        if (s->m_worker->batchTotals.count(report.batchId))
                            Q_EMIT s->batchProgress(report);
                    });
                }
                return true;
            });
        if (!masks && masks.error().code == ErrorCode::Cancelled) {
            interrupted = true; // requeued unless the batch was cancelled
            return;
        }
        if (!masks) {
            noteDeviceFailure(masks.error());
            if (deviceFailure)
                return; // the GPU failed: the model goes on on the CPU and this job runs again there
        }
        EverythingOutcome outcome;
        outcome.batchId = batchId;
        outcome.source = job.source;
        outcome.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        std::optional<Error> error;
        if (masks)
            outcome.masks = std::move(masks.value());
        else
            error = masks.error();
        post([s = service, outcome = std::move(outcome), error] {
            const auto total = s->m_worker->batchTotals.find(outcome.batchId);
            if (total == s->m_worker->batchTotals.end())
                return; // cancelled meanwhile: nothing arrives
            s->m_worker->batchTotals.erase(total);
            if (error)
                Q_EMIT s->failed(*error);
            else
                Q_EMIT s->everythingFinished(outcome);
            Q_EMIT s->batchFinished(outcome.batchId, false);
        });
    }

    // The slice as clicks see it (SamAssistant::sourceFor): same window, so the same cache entry.
    static SliceSource sourceFor(const Propagation& state, image::SliceAxis axis, std::int64_t slice)
    {
        SliceSource source;
        source.volume = state.volume;
        source.studyId = state.studyId;
        source.axis = axis;
        source.slice = slice;
        source.window = image::samInputWindow(*state.volume, image::extractSlice(*state.volume, axis, slice));
        return source;
    }

    void handle(PropagationStartJob& job)
    {
        Propagation state{job.run, job.volume, job.studyId, job.prefetchDepth, Clock::now(), 0, {}};
        propagations.try_emplace(job.batchId, std::move(state));
        queue.push({JobPriority::Batch, {}, job.batchId, PropagationStepJob{job.batchId}});
    }

    void handle(PropagationPrefetchJob& job)
    {
        const auto it = propagations.find(job.batchId);
        if (it == propagations.end() || !predictor)
            return;
        double ms = 0.0;
        (void)embeddingFor(sourceFor(it->second, job.axis, job.slice), ms);
        if (ms > 0.0)
            ++it->second.embedded;
    }

    void handle(PropagationDropJob& job) { propagations.erase(job.batchId); }

    void handle(PropagationStepJob& job)
    {
        const auto it = propagations.find(job.batchId);
        if (it == propagations.end())
            return; // cancelled
        Propagation& state = it->second;
        if (!predictor) {
            endPropagation(job.batchId, makeError(ErrorCode::InvalidArgument, "", "no SAM model is loaded"));
            return;
        }
        detail::ServiceSlicePredictor slices(
            *predictor, *state.volume,
            [this, &state](image::SliceAxis axis, std::int64_t index) -> Result<void> {
                double ms = 0.0;
                auto embedding = embeddingFor(sourceFor(state, axis, index), ms);
                if (!embedding)
                    return embedding.error();
                if (ms > 0.0)
                    ++state.embedded;
                return predictor->setEmbedding(*embedding);
            });
        auto step = state.run->step(slices);
        if (!step) {
            if (!interrupted &&
                !deviceFailure) // else queued again: retried after the urgent job / on the CPU
                endPropagation(job.batchId, step.error());
            return;
        }
        const propagation::PropagationProgress progress = state.run->progress();
        const double perStep = std::chrono::duration<double>(Clock::now() - state.started).count() /
                               std::max(1, progress.stepsDone);
        const BatchProgress report{job.batchId, progress.stepsDone,
                                   progress.stepsDone + progress.slicesLeftAtMost,
                                   perStep * progress.slicesLeftAtMost};
        post([s = service, report] {
            if (s->m_worker->batchTotals.count(report.batchId))
                Q_EMIT s->batchProgress(report);
        });
        if (state.run->finished()) {
            endPropagation(job.batchId, std::nullopt);
            return;
        }
        const image::SliceAxis axis = state.run->result().request.axis;
        for (const std::int64_t slice : state.run->upcomingSlices(state.prefetchDepth))
            if (state.prefetched.insert(slice).second)
                queue.push(
                    {JobPriority::Batch, {}, job.batchId, PropagationPrefetchJob{job.batchId, axis, slice}});
        queue.push({JobPriority::Batch, {}, job.batchId, PropagationStepJob{job.batchId}});
    }

    void endPropagation(std::uint64_t batchId, const std::optional<Error>& error)
    {
        const auto it = propagations.find(batchId);
        PropagationOutcome outcome;
        outcome.batchId = batchId;
        outcome.seconds = std::chrono::duration<double>(Clock::now() - it->second.started).count();
        outcome.embeddingsComputed = it->second.embedded;
        if (!error)
            outcome.result =
                std::make_shared<const propagation::PropagationResult>(it->second.run->takeResult());
        propagations.erase(it);
        post([s = service, outcome, error] {
            const auto total = s->m_worker->batchTotals.find(outcome.batchId);
            if (total == s->m_worker->batchTotals.end())
                return; // cancelled meanwhile: nothing arrives
            s->m_worker->batchTotals.erase(total);
            if (error)
                Q_EMIT s->failed(*error);
            Q_EMIT s->propagationFinished(outcome);
            Q_EMIT s->batchFinished(outcome.batchId, false);
        });
    }
};

SamService::SamService(const SamServiceSettings& settings, QObject* parent)
    : QObject(parent), m_worker(std::make_unique<Worker>(this, settings)),
      m_cacheCapacity(settings.cacheBytes)
{
    qRegisterMetaType<MaskProposal>();
    qRegisterMetaType<BatchProgress>();
    qRegisterMetaType<PropagationOutcome>();
    qRegisterMetaType<LoadedModel>();
    qRegisterMetaType<ModelActivity>();
    qRegisterMetaType<EverythingOutcome>();
    const QByteArray injected = qgetenv("DELINEATE_INJECT_DEVICE_FAULT");
    if (injected == "oom")
        injectDeviceFault(DeviceFault::OutOfMemory);
    else if (injected == "driver")
        injectDeviceFault(DeviceFault::DriverMissing);
}

SamService::~SamService() = default;

void SamService::loadModel(const QString& checkpointPath, const QString& adapterPath)
{
    pushLoad({checkpointPath, adapterPath, {}});
}

void SamService::loadRandomModel(const QString& variant)
{
    pushLoad({{}, {}, variant});
}

void SamService::pushLoad(const detail::PredictorSource& source)
{
    m_modelReady = false;
    m_loading = true;
    m_loaded = {};
    m_worker->queue.push(
        {JobPriority::Decode, "model", 0, LoadModelJob{source, m_device, ++m_loadGeneration}});
    // What a request made from now on waits for (the model thread says so again when it starts).
    const QString name =
        source.randomVariant.isEmpty() ? QFileInfo(source.checkpoint).fileName() : source.randomVariant;
    Q_EMIT activityChanged(ModelActivity{ModelActivity::Kind::Loading, name, {}, image::SliceAxis::K, -1});
}

void SamService::injectDeviceFault(DeviceFault fault)
{
    m_worker->fault = int(fault);
}

std::uint64_t SamService::requestMask(const SliceSource& source, const sam::SamPrompt& prompt)
{
    const std::uint64_t id = m_nextId++;
    m_worker->queue.push(
        {JobPriority::Decode, "decode", 0, DecodeJob{id, source, prompt}, 0, source.cacheKey()});
    return id;
}

void SamService::prefetch(const SliceSource& source, bool current)
{
    m_worker->queue.push({current ? JobPriority::Embed : JobPriority::Prefetch,
                          current ? std::string("embed|current") : "prefetch|" + source.cacheKey(), 0,
                          EmbedJob{source}, 0, source.cacheKey()});
}

void SamService::cancelPrefetch()
{
    m_worker->queue.cancelPriority(JobPriority::Prefetch);
}

std::uint64_t SamService::segmentRange(const SliceSource& source, std::int64_t first, std::int64_t last)
{
    if (first > last)
        std::swap(first, last);
    std::vector<SliceSource> sources;
    for (std::int64_t slice = first; slice <= last; ++slice) {
        sources.push_back(source);
        sources.back().slice = slice;
    }
    return segmentSlices(sources);
}

std::uint64_t SamService::segmentSlices(const std::vector<SliceSource>& sources)
{
    const std::uint64_t batchId = m_nextId++;
    m_worker->batchTotals[batchId] = int(sources.size());
    for (const SliceSource& source : sources)
        m_worker->queue.push({JobPriority::Batch, {}, batchId, BatchSliceJob{batchId, source, {}}});
    return batchId;
}

Result<std::uint64_t> SamService::propagate(std::shared_ptr<const image::Volume> volume,
                                            const QString& studyId,
                                            std::shared_ptr<const image::LabelMap> labels,
                                            const propagation::PropagationRequest& request, int prefetchDepth)
{
    auto run = propagation::PropagationRun::start(std::move(labels), request);
    if (!run)
        return run.error();
    const std::uint64_t batchId = m_nextId++;
    const int total = run->progress().slicesLeftAtMost;
    m_worker->batchTotals[batchId] = total;
    auto shared = std::make_shared<propagation::PropagationRun>(std::move(run.value()));
    m_worker->queue.push(
        {JobPriority::Batch,
         {},
         batchId,
         PropagationStartJob{batchId, std::move(shared), std::move(volume), studyId, prefetchDepth}});
    return batchId;
}

std::uint64_t SamService::segmentEverything(const SliceSource& source,
                                            const automask::AutomaticMaskOptions& options)
{
    const std::uint64_t batchId = m_nextId++;
    m_worker->batchTotals[batchId] = 1;
    m_worker->queue.push({JobPriority::Batch, {}, batchId, SegmentEverythingJob{batchId, source, options}});
    return batchId;
}

std::uint64_t SamService::decodeSlices(const std::vector<std::pair<SliceSource, sam::SamPrompt>>& requests)
{
    const std::uint64_t batchId = m_nextId++;
    m_worker->batchTotals[batchId] = int(requests.size());
    for (const auto& [source, prompt] : requests)
        m_worker->queue.push({JobPriority::Batch, {}, batchId, BatchSliceJob{batchId, source, prompt}});
    return batchId;
}

void SamService::cancelBatch(std::uint64_t batchId)
{
    m_worker->queue.cancelGroup(batchId);
    m_worker->queue.push({JobPriority::Decode, {}, 0, PropagationDropJob{batchId}});
    if (m_worker->batchTotals.erase(batchId))
        Q_EMIT batchFinished(batchId, true);
}

bool SamService::isIdle() const
{
    return !m_worker->working && m_worker->queue.size() == 0;
}

void SamService::setCacheCapacity(std::size_t bytes)
{
    m_cacheCapacity = bytes;
    m_worker->queue.push({JobPriority::Decode, "capacity", 0, CapacityJob{bytes}});
}

} // namespace delineate::ui
