// Training benchmark (a program, not a test): time per iteration and peak RSS of each of the six
// strategies (Decoder / Encoder+Decoder x Vanilla / Adapter / LoRA), prompt-free, batch 2, on
// synthetic 256x256 slices. vit_t from the fixture checkpoint (random weights) when present,
// otherwise from the registry; vit_b (--vit-b) from the registry with random weights.
// Each strategy runs in a child process so its peak RSS is its own. --worker-thread trains on a thread of
// its own, as the app's TrainingService does (the CLI trains on the main thread).
//
//   bench_train [--vit-b | --only-vit-b] [--scope decoder|encoder_decoder] [--iterations N] [--threads N]
//               [--worker-thread]
//   bench_train --best [--model vit_t|vit_b|...] [--precision float32|auto|bfloat16] [--iterations N]
//   [--threads N]
//
// Prints a Markdown table. Time per iteration excludes the first iteration (warm-up) and, for the
// Decoder scope, the one-off embedding cache (reported separately as "setup"). --best measures Retrain's
// "Best (GPU)" preset as it trains (TrainingSettings::bestGpu: vit_b, encoder + decoder adapters, CUDA when
// LibTorch sees a GPU; precision Auto: bfloat16 autocast on a GPU with bfloat16 tensor cores, float32
// elsewhere; --precision overrides it), with random weights, and prints iterations per second.

#include "startup/AllocatorTuning.h"
#include "train/Trainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace delineate::train;

namespace {

TrainingSlice syntheticSlice(int i)
{
    constexpr int size = 256;
    TrainingSlice slice;
    slice.width = slice.height = size;
    slice.rgb.resize(size * size * 3);
    slice.mask.resize(size * size);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double dx = (x - 100.0 - 10 * i) / 50.0, dy = (y - 128.0) / 70.0;
            const bool inside = dx * dx + dy * dy <= 1.0;
            const auto v = static_cast<std::uint8_t>(50 + x / 4 + (inside ? 120 : 0) + (x * 7 + y * 13) % 9);
            const int p = y * size + x;
            slice.rgb[p * 3] = slice.rgb[p * 3 + 1] = slice.rgb[p * 3 + 2] = v;
            slice.mask[p] = inside ? 1 : 0;
        }
    return slice;
}

struct Row {
    double setupSeconds = NAN;
    double secondsPerIteration = NAN;
    double peakRssMiB = NAN;
    double finalLoss = NAN;
    long long trainable = 0;
    char device[16] = {};
    char error[160] = {};
};

TrainingSettings strategy(const std::string& variant, TrainingScope scope, TrainingMethod method)
{
    TrainingSettings settings;
    settings.modelVariant = variant;
    settings.scope = scope;
    settings.method = method;
    return settings;
}

Row measure(TrainingSettings settings, int iterations, int threads)
{
    Row row;
    const std::string variant = settings.modelVariant;
    settings.maxIterations = iterations + 1;
    settings.maxSeconds = 1e9;
    settings.threads = threads;
    Trainer trainer(settings);
    const std::string fixture = std::string(DELINEATE_SHARED_DIR) + "/fixtures/sam/vit_t.pth";
    const bool haveFixture = variant == "vit_t" && std::ifstream(fixture).good();
    auto loaded = haveFixture ? trainer.loadBaseCheckpoint(fixture) : trainer.initializeRandom(variant);
    if (!loaded) {
        std::snprintf(row.error, sizeof row.error, "%s", loaded.error().message().c_str());
        return row;
    }
    row.trainable = trainer.trainableParameterCount();
    std::vector<TrainingSlice> slices{syntheticSlice(0), syntheticSlice(1), syntheticSlice(2)};
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    Clock::time_point afterFirst;
    TrainingControl control{nullptr, [&](const TrainingProgress& p) {
                                if (p.iteration == 1)
                                    afterFirst = Clock::now();
                            }};
    auto report = trainer.train(slices, {}, control);
    const auto end = Clock::now();
    if (!report) {
        std::snprintf(row.error, sizeof row.error, "%s", report.error().message().c_str());
        return row;
    }
    std::snprintf(row.device, sizeof row.device, "%s%s", trainer.deviceName().c_str(),
                  trainer.mixedPrecision() ? " bf16" : "");
    row.finalLoss = report->finalLoss;
    row.setupSeconds = std::chrono::duration<double>(afterFirst - start).count();
    row.secondsPerIteration = std::chrono::duration<double>(end - afterFirst).count() / iterations;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    row.peakRssMiB = static_cast<double>(usage.ru_maxrss) / 1024.0;
    return row;
}

bool g_workerThread = false;

Row measureOnThread(const TrainingSettings& settings, int iterations, int threads)
{
    if (!g_workerThread)
        return measure(settings, iterations, threads);
    Row row;
    std::thread worker([&] { row = measure(settings, iterations, threads); });
    worker.join();
    return row;
}

// Runs measure() in a child so that the peak RSS is per strategy.
Row measureIsolated(const TrainingSettings& settings, int iterations, int threads)
{
    int fds[2];
    if (pipe(fds) != 0)
        return measureOnThread(settings, iterations, threads);
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const Row row = measureOnThread(settings, iterations, threads);
        const ssize_t written = write(fds[1], &row, sizeof row);
        _exit(written == static_cast<ssize_t>(sizeof row) ? 0 : 1);
    }
    close(fds[1]);
    Row row;
    const ssize_t got = read(fds[0], &row, sizeof row);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (got != static_cast<ssize_t>(sizeof row))
        std::snprintf(row.error, sizeof row.error, "child failed (status %d)", status);
    return row;
}

// Retrain's Best preset as the app runs it (TrainingSettings::bestGpu: its device; bfloat16 autocast on a GPU
// with bfloat16 tensor cores, float32 elsewhere: the device column says "bf16" when autocast ran).
int measureBest(const std::string& variant, const std::string& precision, int iterations, int threads)
{
    TrainingSettings settings = TrainingSettings::bestGpu();
    if (!variant.empty())
        settings.modelVariant = variant;
    for (TrainingPrecision candidate :
         {TrainingPrecision::Float32, TrainingPrecision::Auto, TrainingPrecision::BFloat16})
        if (precision == precisionName(candidate))
            settings.precision = candidate;
    if (!precision.empty() && precision != precisionName(settings.precision)) {
        std::fprintf(stderr, "bench_train: --precision %s: float32, auto or bfloat16\n", precision.c_str());
        return 2;
    }
    std::printf(
        "Best preset (%s, %s + %s, precision %s), batch %d, prompt-free, 256x256 slices, %d threads, %d "
        "timed iterations\n\n",
        settings.modelVariant.c_str(), scopeName(settings.scope), methodName(settings.method),
        precisionName(settings.precision), settings.batchSize, threads, iterations);
    std::printf(
        "| model | device | setup (s) | s / iteration | iterations / s | final loss | peak RSS (MiB) |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|\n");
    const Row row = measureIsolated(settings, iterations, threads);
    if (row.error[0] != '\0') {
        std::printf("| %s | – | – | n/a: %s | – | – | – |\n", settings.modelVariant.c_str(), row.error);
        return 1;
    }
    std::printf("| %s | %s | %.2f | %.3f | %.2f | %.4f | %.0f |\n", settings.modelVariant.c_str(), row.device,
                row.setupSeconds, row.secondsPerIteration, 1.0 / row.secondsPerIteration, row.finalLoss,
                row.peakRssMiB);
    return 0;
}

} // namespace

static int benchMain(int argc, char** argv)
{
    delineate::keepFreedMemoryForReuse(); // as the app and CLI do (see AllocatorTuning.h)
    bool vitB = false;
    bool onlyVitB = false;
    std::string onlyScope;
    bool best = false;
    std::string model;
    std::string precision;
    int iterations = 3;
    int threads = 2;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--vit-b") == 0)
            vitB = true;
        else if (std::strcmp(argv[i], "--only-vit-b") == 0)
            vitB = onlyVitB = true;
        else if (std::strcmp(argv[i], "--scope") == 0 && i + 1 < argc)
            onlyScope = argv[++i];
        else if (std::strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
            iterations = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--worker-thread") == 0)
            g_workerThread = true;
        else if (std::strcmp(argv[i], "--best") == 0)
            best = true;
        else if (std::strcmp(argv[i], "--model") == 0 && i + 1 < argc)
            model = argv[++i];
        else if (std::strcmp(argv[i], "--precision") == 0 && i + 1 < argc)
            precision = argv[++i];
    }
    if (best)
        return measureBest(model, precision, iterations, threads);
    std::vector<std::string> variants;
    if (!onlyVitB)
        variants.emplace_back("vit_t");
    if (vitB)
        variants.emplace_back("vit_b");
    std::printf(
        "Training, batch 2, prompt-free, 256x256 slices, %d threads, %d timed iterations, on the %s\n\n",
        threads, iterations, g_workerThread ? "worker thread (as the app)" : "main thread (as the CLI)");
    std::printf(
        "| model | scope | method | trainable params | setup (s) | s / iteration | peak RSS (MiB) |\n");
    std::printf("|---|---|---|---:|---:|---:|---:|\n");
    for (const std::string& variant : variants)
        for (TrainingScope scope : {TrainingScope::Decoder, TrainingScope::EncoderDecoder})
            for (TrainingMethod method :
                 {TrainingMethod::Vanilla, TrainingMethod::Adapter, TrainingMethod::Lora}) {
                if (!onlyScope.empty() && onlyScope != scopeName(scope))
                    continue;
                const Row row = measureIsolated(strategy(variant, scope, method), iterations, threads);
                if (row.error[0] != '\0') {
                    std::printf("| %s | %s | %s | – | – | n/a: %s | – |\n", variant.c_str(), scopeName(scope),
                                methodName(method), row.error);
                } else {
                    std::printf("| %s | %s | %s | %lld | %.2f | %.3f | %.0f |\n", variant.c_str(),
                                scopeName(scope), methodName(method), row.trainable, row.setupSeconds,
                                row.secondsPerIteration, row.peakRssMiB);
                }
                std::fflush(stdout);
            }
    return 0;
}

// An exception (a full disk, std::bad_alloc) ends the benchmark with one line, not std::terminate's abort.
int main(int argc, char** argv)
{
    try {
        return benchMain(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_train: %s\n", error.what());
        return 1;
    }
}
