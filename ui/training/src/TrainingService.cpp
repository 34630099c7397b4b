#include "training/TrainingService.h"

#include "train/Trainer.h"

#include <QFileInfo>

#include <atomic>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace delineate::ui {

struct TrainingService::Worker {
    static constexpr int kNiceness = 10;

    explicit Worker(TrainingService* owner) : service(owner)
    {
        thread = std::thread([this] { run(); });
    }
    ~Worker()
    {
        {
            const std::lock_guard lock(mutex);
            stopping = true;
            cancel = true;
        }
        wake.notify_one();
        thread.join();
    }

    // Posts `f` to the GUI thread (dropped if the service is gone by then).
    template <typename F> void post(F&& f)
    {
        QMetaObject::invokeMethod(service, std::forward<F>(f), Qt::QueuedConnection);
    }

    void run()
    {
#ifdef __linux__
        // Training yields the CPU to the GUI and inference threads: Linux nice values are per thread
        // (and inherited by threads this one starts).
        (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kNiceness);
#endif
        for (;;) {
            TrainingRequest request;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [this] { return stopping || pending.has_value(); });
                if (stopping)
                    return;
                request = std::move(*pending);
                pending.reset();
            }
            execute(std::move(request));
        }
    }

    void postCancelled()
    {
        post([s = service] {
            s->m_running = false;
            Q_EMIT s->cancelled();
        });
    }

    // Cuts the examples when the request asks for it (the result keeps which studies went where).
    Result<void> prepare(TrainingRequest& request, TrainingResult& result)
    {
        if (!request.prepare)
            return {};
        auto prepared = request.prepare(cancel);
        if (!prepared)
            return prepared.error();
        request.training = std::move(prepared->training);
        request.heldOut = std::move(prepared->heldOut);
        request.sliceDescriptions = std::move(prepared->sliceDescriptions);
        for (auto& [key, value] : prepared->extraMetadata)
            request.extraMetadata[key] = value;
        result.trainingStudies = std::move(prepared->trainingStudies);
        result.heldOutStudies = std::move(prepared->heldOutStudies);
        result.skipped = std::move(prepared->skipped);
        if (request.training.empty())
            return makeError(ErrorCode::InvalidArgument, request.label.toStdString(),
                             "no study of the project has reviewed slices holding the label");
        return {};
    }

    // The training thread's whole job: nothing here is shared with the GUI but `cancel`.
    void execute(TrainingRequest request)
    {
        auto fail = [this](const Error& error) {
            if (error.code == ErrorCode::Cancelled)
                return postCancelled();
            post([s = service, error] {
                s->m_running = false;
                Q_EMIT s->failed(error);
            });
        };
        TrainingResult result;
        if (auto prepared = prepare(request, result); !prepared)
            return fail(prepared.error());
        if (cancel)
            return postCancelled();
        const bool prompted = request.evaluatePrompts && !request.heldOut.empty();
        if (prompted) {
            auto base = request.evaluatePrompts({}, request.heldOut, cancel);
            if (!base)
                return fail(base.error());
            result.basePromptDice = base.value();
        }
        train::Trainer trainer(request.settings);
        if (auto loaded = trainer.loadBaseCheckpoint(request.checkpointPath.toStdString()); !loaded)
            return fail(loaded.error());
        if (cancel)
            return postCancelled();
        const bool onHeldOut = !request.heldOut.empty();
        const std::vector<train::TrainingSlice>& diceSet = onHeldOut ? request.heldOut : request.training;
        auto before = trainer.evaluateDice(diceSet);
        if (!before)
            return fail(before.error());
        if (cancel)
            return postCancelled();
        const int maxIterations = request.settings.maxIterations;
        train::TrainingControl control;
        control.cancel = &cancel;
        control.progress = [this, maxIterations](const train::TrainingProgress& p) {
            post([s = service, p, maxIterations] {
                Q_EMIT s->progress(p.iteration, p.loss, p.heldOutDice, p.elapsedSeconds, maxIterations);
            });
        };
        auto report = trainer.train(request.training, request.heldOut, control);
        if (!report)
            return fail(report.error());
        if (cancel || report.value().stopReason == train::StopReason::Cancelled)
            return postCancelled();
        auto after = trainer.evaluateDice(diceSet);
        if (!after)
            return fail(after.error());

        train::SaveInfo info;
        info.label = request.label.toStdString();
        info.sliceDescriptions = request.sliceDescriptions;
        info.extra = request.extraMetadata;
        info.extra["dice_before"] = train::metadataNumber(before.value());
        info.extra["dice_after"] = train::metadataNumber(after.value());
        info.extra["dice_slices"] = onHeldOut ? "held_out" : "training";
        info.extra["dice_slice_count"] = std::to_string(diceSet.size());
        info.extra["held_out_slices"] = std::to_string(request.heldOut.size());
        info.extra["base_checkpoint"] = QFileInfo(request.checkpointPath).fileName().toStdString();
        const std::string target = request.outputPath.toStdString();
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(target).parent_path(), ec);
        // Written atomically (base/AtomicFile.h): a failed save leaves the folder as it was.
        if (auto saved = trainer.saveWeights(target, info); !saved)
            return fail(saved.error());
        if (prompted) {
            auto adapter = request.evaluatePrompts(request.outputPath, request.heldOut, cancel);
            if (!adapter || cancel) { // no half-measured version is left behind
                std::filesystem::remove(target, ec);
                return adapter ? postCancelled() : fail(adapter.error());
            }
            result.adapterPromptDice = adapter.value();
        }

        result.adapterPath = request.outputPath;
        result.report = report.value();
        result.diceBefore = before.value();
        result.diceAfter = after.value();
        result.diceOnHeldOut = onHeldOut;
        result.diceSlices = static_cast<int>(diceSet.size());
        result.trainingSlices = static_cast<int>(request.training.size());
        result.heldOutSlices = static_cast<int>(request.heldOut.size());
        post([s = service, result] {
            s->m_running = false;
            Q_EMIT s->finished(result);
        });
    }

    TrainingService* service;
    std::atomic<bool> cancel{false};
    // The hand-over of a request (not the model: the model lives in execute() alone).
    std::mutex mutex;
    std::condition_variable wake;
    std::optional<TrainingRequest> pending;
    bool stopping = false;
    std::thread thread;
};

PromptDice unmeasuredPromptDice()
{
    const double none = std::numeric_limits<double>::quiet_NaN();
    return {none, none, none};
}

TrainingService::TrainingService(QObject* parent) : QObject(parent), m_worker(std::make_unique<Worker>(this))
{
    qRegisterMetaType<TrainingResult>();
}

TrainingService::~TrainingService() = default;

bool TrainingService::start(TrainingRequest request)
{
    if (m_running || (request.training.empty() && !request.prepare) || request.checkpointPath.isEmpty() ||
        request.outputPath.isEmpty())
        return false;
    m_running = true;
    m_worker->cancel = false;
    {
        const std::lock_guard lock(m_worker->mutex);
        m_worker->pending = std::move(request);
    }
    m_worker->wake.notify_one();
    return true;
}

void TrainingService::cancel()
{
    if (m_running)
        m_worker->cancel = true;
}

} // namespace delineate::ui
