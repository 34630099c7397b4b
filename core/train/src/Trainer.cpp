#include "train/Trainer.h"

#include "EmbeddingCache.h"
#include "MixedPrecision.h"
#include "PromptSimulator.h"
#include "SegmentationLoss.h"
#include "SliceAugmenter.h"
#include "SlicePreprocessor.h"
#include "StrategySetup.h"
#include "sam/AutocastScope.h"
#include "sam/SamModel.h"
#include "tensorio/Safetensors.h"

#include <torch/torch.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <numeric>
#include <random>

namespace delineate::train {

namespace {

using Clock = std::chrono::steady_clock;

std::string utcNow()
{
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

// Zeroes the gradients in place, as LibTorch 1.13's zero_grad() does; 2.x's zero_grad() sets them to
// none by default, and AdamW then skips a parameter without one. Same steps on both.
void zeroGradients(torch::optim::Optimizer& optimizer)
{
    for (auto& group : optimizer.param_groups())
        for (auto& parameter : group.params())
            if (parameter.mutable_grad().defined()) {
                parameter.mutable_grad().detach_();
                parameter.mutable_grad().zero_();
            }
}

} // namespace

class Trainer::Impl {
public:
    explicit Impl(TrainingSettings s) : settings(std::move(s)) {}

    Result<void> prepare(sam::SamModel built)
    {
        model = std::move(built);
        torch::manual_seed(settings.seed); // PEFT layer initialisation
        auto selected = detail::StrategySetup::apply(*model, settings);
        if (!selected)
            return selected.error();
        trainable = std::move(*selected);
        classMode = model->config().numMultimaskOutputs == 2; // finetune-SAM num_cls = 2
        const bool cuda = settings.device != TrainingDevice::Cpu && torch::cuda::is_available();
        if (settings.device == TrainingDevice::Cuda && !cuda)
            return makeError(ErrorCode::InvalidArgument, "",
                             "CUDA training requested but LibTorch sees no GPU");
        device = cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
        const Result<bool> autocast = detail::bfloat16Autocast(settings.precision, device);
        if (!autocast)
            return autocast.error();
        mixedPrecision = *autocast;
        // Module::to moves parameters in place (set_data): `trainable` keeps pointing at them.
        model->to(device);
        frozenEmbeddings.clear();
        return {};
    }

    [[nodiscard]] sam::PreprocessKind preprocess() const { return model->config().preprocess; }

    // Image embeddings (B, 256, 64, 64) of model inputs (B, 3, 1024, 1024).
    torch::Tensor embed(const torch::Tensor& inputs) { return model->encodeImage(inputs.to(device)); }

    // The embedding of a slice as given (no augmentation), without gradient. With the encoder frozen
    // (Decoder scope) it cannot change, so each distinct slice is encoded once for the trainer's
    // lifetime: Dice before training, the training run's cache and Dice after share one encoder pass.
    torch::Tensor embeddingOf(const detail::SlicePreprocessor& prep, const TrainingSlice& slice)
    {
        torch::NoGradGuard noGrad;
        if (!frozenEncoder())
            return embed(prep.modelInput(slice.rgb));
        if (torch::Tensor cached = frozenEmbeddings.find(slice); cached.defined())
            return cached;
        torch::Tensor embedding = embed(prep.modelInput(slice.rgb));
        frozenEmbeddings.insert(slice, embedding);
        return embedding;
    }

    // Logits (B, C, 256, 256): C = 2 class channels (class mode) or 1 foreground channel.
    torch::Tensor decode(const torch::Tensor& embeddings, const std::vector<torch::Tensor>& targets,
                         std::mt19937_64& random, double boxNoise)
    {
        sam::PromptTensors prompts;
        if (settings.prompts == PromptMode::Box) {
            prompts.boxes = detail::PromptSimulator::boxes(targets, boxNoise, random).to(device);
        } else if (settings.prompts == PromptMode::Point) {
            auto [coords, labels] = detail::PromptSimulator::points(targets, random);
            prompts.pointCoords = coords.to(device);
            prompts.pointLabels = labels.to(device);
        }
        return model->decodeMasks(embeddings, model->encodePrompts(prompts), classMode).lowResMasks;
    }

    LossTerms loss(const torch::Tensor& logits, const torch::Tensor& targets) const
    {
        const torch::Tensor onDevice = targets.to(logits.device());
        return classMode ? segmentationLoss(logits, onDevice) : binarySegmentationLoss(logits, onDevice);
    }

    torch::Tensor foreground(const torch::Tensor& logits) const
    {
        return classMode ? logits.argmax(1).eq(1) : logits.select(1, 0).gt(0.0);
    }

    double diceOf(const torch::Tensor& logits, const std::vector<detail::SlicePreprocessor>& preps,
                  std::size_t first)
    {
        const torch::Tensor predicted = foreground(logits).to(torch::kCPU);
        double sum = 0.0;
        for (std::int64_t b = 0; b < predicted.size(0); ++b) {
            const auto& prep = preps[first + static_cast<std::size_t>(b)];
            const torch::Tensor p = predicted[b].logical_and(prep.valid());
            const torch::Tensor t = prep.target().gt(0).logical_and(prep.valid());
            const double both = p.sum().item<double>() + t.sum().item<double>();
            sum += both == 0.0 ? 1.0 : 2.0 * p.logical_and(t).sum().item<double>() / both;
        }
        return sum;
    }

    // Mean Dice over slices.
    double evaluate(const std::vector<detail::SlicePreprocessor>& preps,
                    const std::vector<TrainingSlice>& slices)
    {
        torch::NoGradGuard noGrad;
        std::mt19937_64 random(settings.seed ^ 0x5eedULL);
        double sum = 0.0;
        for (std::size_t i = 0; i < slices.size(); ++i) {
            const torch::Tensor logits =
                decode(embeddingOf(preps[i], slices[i]), {preps[i].target()}, random, 0.0);
            sum += diceOf(logits, preps, i);
        }
        return slices.empty() ? 0.0 : sum / static_cast<double>(slices.size());
    }

    std::vector<detail::SlicePreprocessor> preprocessorsFor(const std::vector<TrainingSlice>& slices) const
    {
        std::vector<detail::SlicePreprocessor> preps;
        preps.reserve(slices.size());
        for (const TrainingSlice& slice : slices)
            preps.emplace_back(slice, preprocess(), model->config().imageSize());
        return preps;
    }

    std::vector<torch::Tensor> cacheEmbeddings(const std::vector<detail::SlicePreprocessor>& preps,
                                               const std::vector<TrainingSlice>& slices, bool augmented,
                                               std::mt19937_64& random)
    {
        torch::NoGradGuard noGrad;
        const detail::SliceAugmenter augmenter(settings.jitterStrength);
        std::vector<torch::Tensor> cached;
        for (std::size_t i = 0; i < slices.size(); ++i)
            cached.push_back(augmented ? embed(preps[i].modelInput(augmenter.apply(slices[i].rgb, random)))
                                       : embeddingOf(preps[i], slices[i]));
        return cached;
    }

    [[nodiscard]] bool frozenEncoder() const { return settings.scope == TrainingScope::Decoder; }

    // One call of train(): the loop in run(), one screen per step below.
    struct Run {
        std::mt19937_64 random;
        std::vector<detail::SlicePreprocessor> trainPreps;
        std::vector<detail::SlicePreprocessor> heldOutPreps;
        std::vector<std::vector<torch::Tensor>> cachedTraining; // decoder scope: [variant][slice] embeddings
        std::vector<std::size_t> order; // the epoch's shuffled slice order, consumed from cursor on
        std::size_t cursor = 0;
        bool earlyStopping = false; // >= 2 held-out slices
        std::vector<torch::Tensor> bestWeights;
        int evaluationsWithoutImprovement = 0;
        TrainingReport report;
    };
    struct Batch {
        std::vector<torch::Tensor> inputs;  // embeddings (decoder scope) or model inputs, one per slice
        std::vector<torch::Tensor> targets; // (256, 256) int64
    };

    Result<TrainingReport> run(const std::vector<TrainingSlice>& training,
                               const std::vector<TrainingSlice>& heldOut, const TrainingControl& control);
    Run startRun(const std::vector<TrainingSlice>& training, const std::vector<TrainingSlice>& heldOut);
    [[nodiscard]] std::optional<StopReason> stopBefore(int iteration, const TrainingControl& control) const;
    // Sets the warm-up learning rate of this iteration and returns it.
    double warmUp(torch::optim::Optimizer& optimizer, int iteration) const;
    std::vector<std::size_t> drawBatch(Run& run, std::size_t trainingCount) const;
    Batch batchTensors(Run& run, const std::vector<std::size_t>& indexes,
                       const std::vector<TrainingSlice>& training) const;
    // Forward and backward pass of one batch; returns the loss.
    double backward(const Batch& batch, std::mt19937_64& random);
    // Forward pass and loss of `inputs` (embeddings or model inputs, batched along dim 0) with their targets,
    // under bfloat16 autocast when mixedPrecision; the loss from logits widened to float32.
    LossTerms forwardLoss(const std::vector<torch::Tensor>& inputs, const std::vector<torch::Tensor>& targets,
                          std::mt19937_64& random);
    // Held-out Dice when this iteration evaluates (into progress), tracking the best weights.
    void evaluateHeldOut(Run& run, int iteration, const std::vector<TrainingSlice>& heldOut,
                         TrainingProgress& progress);
    void finishRun(Run& run, Clock::time_point start);

    TrainingSettings settings;
    std::optional<sam::SamModel> model;
    std::vector<torch::Tensor> trainable;
    torch::Device device = torch::kCPU;
    bool mixedPrecision = false; // bfloat16 autocast in the training step (TrainingSettings::precision)
    bool classMode = false;
    std::string baseSha256;
    std::string variant;
    std::optional<TrainingReport> lastReport;

    detail::EmbeddingCache frozenEmbeddings;
    // Start of the retrain (base model loading) and the duration of the last evaluateDice: the time
    // budget covers the whole retrain and keeps room for the evaluation after training.
    Clock::time_point origin = Clock::now();
    double lastEvaluationSeconds = 0.0;
};

Trainer::Impl::Run Trainer::Impl::startRun(const std::vector<TrainingSlice>& training,
                                           const std::vector<TrainingSlice>& heldOut)
{
    Run run;
    run.random.seed(settings.seed);
    run.trainPreps = preprocessorsFor(training);
    run.heldOutPreps = preprocessorsFor(heldOut);
    run.earlyStopping = heldOut.size() >= 2;
    // Decoder scope: variant 0 = the slices as given, variant 1 = one augmented copy.
    if (frozenEncoder()) {
        run.cachedTraining.push_back(cacheEmbeddings(run.trainPreps, training, false, run.random));
        if (settings.augment)
            run.cachedTraining.push_back(cacheEmbeddings(run.trainPreps, training, true, run.random));
    }
    return run;
}

std::optional<StopReason> Trainer::Impl::stopBefore(int iteration, const TrainingControl& control) const
{
    if (control.cancel && control.cancel->load())
        return StopReason::Cancelled;
    const double used = std::chrono::duration<double>(Clock::now() - origin).count();
    if (iteration >= std::max(1, settings.minIterations) &&
        used + lastEvaluationSeconds >= settings.maxSeconds)
        return StopReason::TimeBudget;
    return std::nullopt;
}

double Trainer::Impl::warmUp(torch::optim::Optimizer& optimizer, int iteration) const
{
    const double warmup = std::max(1, settings.warmupIterations);
    const double lr = settings.learningRate * std::min(1.0, (iteration + 1) / warmup);
    static_cast<torch::optim::AdamWOptions&>(optimizer.param_groups()[0].options()).lr(lr);
    return lr;
}

std::vector<std::size_t> Trainer::Impl::drawBatch(Run& run, std::size_t trainingCount) const
{
    std::vector<std::size_t> batch;
    for (int b = 0; b < std::max(1, settings.batchSize); ++b) {
        if (run.cursor == run.order.size()) {
            run.order.resize(trainingCount);
            std::iota(run.order.begin(), run.order.end(), std::size_t{0});
            std::shuffle(run.order.begin(), run.order.end(), run.random);
            run.cursor = 0;
        }
        batch.push_back(run.order[run.cursor++]);
    }
    return batch;
}

Trainer::Impl::Batch Trainer::Impl::batchTensors(Run& run, const std::vector<std::size_t>& indexes,
                                                 const std::vector<TrainingSlice>& training) const
{
    const detail::SliceAugmenter augmenter(settings.jitterStrength);
    Batch batch;
    for (std::size_t index : indexes) {
        batch.targets.push_back(run.trainPreps[index].target());
        if (frozenEncoder()) {
            const std::size_t variantIndex =
                std::uniform_int_distribution<std::size_t>(0, run.cachedTraining.size() - 1)(run.random);
            batch.inputs.push_back(run.cachedTraining[variantIndex][index]);
        } else {
            batch.inputs.push_back(run.trainPreps[index].modelInput(
                settings.augment ? augmenter.apply(training[index].rgb, run.random) : training[index].rgb));
        }
    }
    return batch;
}

double Trainer::Impl::backward(const Batch& batch, std::mt19937_64& random)
{
    const bool splitBatch =
        settings.sampleBySample && !frozenEncoder() && model->config().encoder == sam::EncoderKind::Vit;
    if (splitBatch && batch.inputs.size() > 1) {
        // Same prompt draws in the same order as the whole batch would take them.
        const auto count = static_cast<double>(batch.inputs.size());
        double lossValue = 0.0;
        for (std::size_t i = 0; i < batch.inputs.size(); ++i) {
            const LossTerms terms = forwardLoss({batch.inputs[i]}, {batch.targets[i]}, random);
            (terms.total / count).backward();
            lossValue += terms.total.item<double>() / count;
        }
        return lossValue;
    }
    const LossTerms terms = forwardLoss(batch.inputs, batch.targets, random);
    terms.total.backward();
    return terms.total.item<double>();
}

LossTerms Trainer::Impl::forwardLoss(const std::vector<torch::Tensor>& inputs,
                                     const std::vector<torch::Tensor>& targets, std::mt19937_64& random)
{
    const sam::AutocastScope autocast(device.type(), torch::kBFloat16, mixedPrecision);
    const torch::Tensor joined = torch::cat(inputs);
    const torch::Tensor embeddings = frozenEncoder() ? joined : embed(joined);
    const torch::Tensor logits = decode(embeddings, targets, random, settings.boxNoiseFraction);
    return loss(logits.to(torch::kFloat), torch::stack(targets));
}

void Trainer::Impl::evaluateHeldOut(Run& run, int iteration, const std::vector<TrainingSlice>& heldOut,
                                    TrainingProgress& progress)
{
    const bool evaluateNow =
        !heldOut.empty() && ((iteration + 1) % std::max(1, settings.evaluationInterval) == 0 ||
                             iteration + 1 == settings.maxIterations);
    if (!evaluateNow)
        return;
    progress.heldOutDice = evaluate(run.heldOutPreps, heldOut);
    TrainingReport& report = run.report;
    if (std::isnan(report.bestHeldOutDice) || progress.heldOutDice > report.bestHeldOutDice) {
        report.bestHeldOutDice = progress.heldOutDice;
        report.bestIteration = iteration + 1;
        run.evaluationsWithoutImprovement = 0;
        if (run.earlyStopping) {
            run.bestWeights.clear();
            for (const torch::Tensor& p : trainable)
                run.bestWeights.push_back(p.detach().clone());
        }
    } else {
        ++run.evaluationsWithoutImprovement;
    }
}

void Trainer::Impl::finishRun(Run& run, Clock::time_point start)
{
    if (run.earlyStopping && !run.bestWeights.empty()) {
        torch::NoGradGuard noGrad;
        for (std::size_t i = 0; i < trainable.size(); ++i)
            trainable[i].copy_(run.bestWeights[i]);
    }
    TrainingReport& report = run.report;
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!report.losses.empty()) {
        report.firstLoss = report.losses.front();
        const std::size_t tail = std::min<std::size_t>(5, report.losses.size());
        report.finalLoss = std::accumulate(report.losses.end() - static_cast<std::ptrdiff_t>(tail),
                                           report.losses.end(), 0.0) /
                           static_cast<double>(tail);
    }
}

Result<TrainingReport> Trainer::Impl::run(const std::vector<TrainingSlice>& training,
                                          const std::vector<TrainingSlice>& heldOut,
                                          const TrainingControl& control)
{
    const Clock::time_point start = Clock::now();
    Run run = startRun(training, heldOut);
    torch::optim::AdamW optimizer(trainable, torch::optim::AdamWOptions(settings.learningRate)
                                                 .betas({0.9, 0.999})
                                                 .eps(1e-8)
                                                 .weight_decay(settings.weightDecay));
    for (int iteration = 0; iteration < settings.maxIterations; ++iteration) {
        if (const auto stop = stopBefore(iteration, control)) {
            run.report.stopReason = *stop;
            break;
        }
        TrainingProgress progress;
        progress.iteration = iteration + 1;
        progress.learningRate = warmUp(optimizer, iteration);
        const Batch batch = batchTensors(run, drawBatch(run, training.size()), training);
        zeroGradients(optimizer);
        progress.loss = backward(batch, run.random);
        optimizer.step();

        run.report.losses.push_back(progress.loss);
        run.report.iterations = iteration + 1;
        evaluateHeldOut(run, iteration, heldOut, progress);
        progress.elapsedSeconds = std::chrono::duration<double>(Clock::now() - start).count();
        if (control.progress)
            control.progress(progress);
        if (run.earlyStopping && run.evaluationsWithoutImprovement >= settings.patience) {
            run.report.stopReason = StopReason::EarlyStopping;
            break;
        }
    }
    finishRun(run, start);
    return run.report;
}

std::string metadataNumber(double value)
{
    if (std::isnan(value))
        return "nan";
    char text[32];
    const std::to_chars_result written = std::to_chars(text, text + sizeof text, value);
    return std::string(text, written.ptr);
}

Trainer::Trainer(TrainingSettings settings) : m_impl(std::make_unique<Impl>(std::move(settings)))
{
}

Trainer::~Trainer() = default;

const TrainingSettings& Trainer::settings() const
{
    return m_impl->settings;
}

Result<void> Trainer::loadBaseCheckpoint(const std::string& path)
{
    m_impl->origin = Clock::now();
    auto model = sam::SamModel::fromCheckpoint(path);
    if (!model)
        return model.error();
    m_impl->baseSha256 = model->checkpointSha256();
    m_impl->variant = sam::variantName(model->config().variant);
    return m_impl->prepare(std::move(model).value());
}

Result<void> Trainer::initializeRandom(const std::string& variant)
{
    const auto config = sam::SamConfig::forName(variant);
    if (!config)
        return makeError(ErrorCode::InvalidArgument, "", "unknown model variant " + variant);
    m_impl->origin = Clock::now();
    auto model = sam::SamModel::withRandomWeights(*config, m_impl->settings.seed);
    if (!model)
        return model.error();
    m_impl->variant = variant;
    return m_impl->prepare(std::move(model).value());
}

std::string Trainer::deviceName() const
{
    return m_impl->device.is_cuda() ? "CUDA" : "CPU";
}

bool Trainer::mixedPrecision() const
{
    return m_impl->mixedPrecision;
}

std::int64_t Trainer::trainableParameterCount() const
{
    std::int64_t count = 0;
    for (const torch::Tensor& p : m_impl->trainable)
        count += p.numel();
    return count;
}

Result<TrainingReport> Trainer::train(const std::vector<TrainingSlice>& training,
                                      const std::vector<TrainingSlice>& heldOut,
                                      const TrainingControl& control)
{
    if (!m_impl->model)
        return makeError(ErrorCode::InvalidArgument, "", "no base model loaded");
    if (training.empty())
        return makeError(ErrorCode::InvalidArgument, "", "no training slices");
    if (m_impl->settings.threads > 0)
        torch::set_num_threads(m_impl->settings.threads);
    try {
        auto report = m_impl->run(training, heldOut, control);
        if (report)
            m_impl->lastReport = *report;
        return report;
    } catch (const std::exception& e) {
        return makeError(ErrorCode::InvalidArgument, "", std::string("training failed: ") + e.what());
    }
}

Result<double> Trainer::evaluateDice(const std::vector<TrainingSlice>& slices)
{
    if (!m_impl->model)
        return makeError(ErrorCode::InvalidArgument, "", "no base model loaded");
    try {
        const Clock::time_point start = Clock::now();
        const double dice = m_impl->evaluate(m_impl->preprocessorsFor(slices), slices);
        m_impl->lastEvaluationSeconds = std::chrono::duration<double>(Clock::now() - start).count();
        return dice;
    } catch (const std::exception& e) {
        return makeError(ErrorCode::InvalidArgument, "", std::string("evaluation failed: ") + e.what());
    }
}

Result<void> Trainer::saveWeights(const std::string& path, const SaveInfo& info) const
{
    if (!m_impl->model)
        return makeError(ErrorCode::InvalidArgument, path, "no model to save");
    const TrainingSettings& s = m_impl->settings;
    const bool peft = s.method != TrainingMethod::Vanilla;
    tensorio::StateDict tensors;
    for (const auto& [name, parameter] : m_impl->model->namedParameters()) {
        const bool selected = peft ? sam::SamModel::isPeftTensor(name) : parameter.requires_grad();
        if (selected)
            tensors.emplace_back(name, parameter.detach().to(torch::kCPU).contiguous());
    }
    std::map<std::string, std::string> metadata =
        peft ? sam::SamModel::peftMetadata(m_impl->model->config().peft, m_impl->baseSha256)
             : std::map<std::string, std::string>{{"format", "delineate-weights-1"},
                                                  {"base_checkpoint_sha256", m_impl->baseSha256},
                                                  {"method", "vanilla"}};
    metadata["strategy"] = strategyName(s);
    metadata["preset"] = s.presetName;
    metadata["model_variant"] = m_impl->variant;
    metadata["label"] = info.label;
    metadata["slices"] = std::to_string(info.sliceDescriptions.size());
    std::string joined;
    for (const std::string& d : info.sliceDescriptions)
        joined += (joined.empty() ? "" : "; ") + d;
    metadata["slice_descriptions"] = joined;
    if (m_impl->lastReport) {
        const TrainingReport& r = *m_impl->lastReport;
        metadata["iterations"] = std::to_string(r.iterations);
        metadata["final_loss"] = metadataNumber(r.finalLoss);
        metadata["best_held_out_dice"] = metadataNumber(r.bestHeldOutDice);
        metadata["stop_reason"] = stopReasonName(r.stopReason);
    }
    metadata["date"] = utcNow();
    for (const auto& [key, value] : info.extra)
        metadata[key] = value;
    return tensorio::saveSafetensors(path, tensors, metadata);
}

} // namespace delineate::train
