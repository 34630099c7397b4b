// SAM engine benchmark (a program, not a test): image embedding time per variant and thread
// count, decode time per prompt type, peak RSS. Random weights from the registry.
//
//   bench_sam [--no-vit-b] [--vit-l] [--vit-h] [--repeats N] [--threads N] [--no-decode]
//
// Prints one line per measurement: median wall time and median process CPU time of the repeats, and the
// page faults they took. The first ("cold") embedding of each predictor is printed on its own: it touches
// the activations' memory for the first time, which is what huge pages speed up.
// On a shared machine set OMP_WAIT_POLICY=PASSIVE (OpenMP spin-waiting then costs a lot). Like the app
// and the CLI, the benchmark tunes the allocator (startup/AllocatorTuning.h): on this VM page faults
// on the large activations cost more than the arithmetic (vit_t embedding, 1 thread, idle 2-core VM:
// 12.9 s with glibc's defaults, 1.4 s with the heap kept). To compare, run it with
// DELINEATE_DEFAULT_MALLOC=1 (glibc's defaults) or DELINEATE_NO_HUGE_PAGES=1 (no huge-page heap).

#include "startup/AllocatorTuning.h"
#include "sam/SamConfig.h"
#include "sam/SamPredictor.h"

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

using namespace delineate::sam;

namespace {

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

long minorFaults()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

double processCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Median wall time of the repeats; cpuMs receives the median process CPU time (all threads),
// which stays meaningful on a machine shared with other jobs.
double medianMs(int repeats, const std::function<void()>& run, double* cpuMs = nullptr)
{
    std::vector<double> times, cpu;
    for (int i = 0; i < repeats; ++i) {
        const double cpuStart = processCpuMs();
        const auto start = std::chrono::steady_clock::now();
        run();
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        cpu.push_back(processCpuMs() - cpuStart);
    }
    std::sort(times.begin(), times.end());
    std::sort(cpu.begin(), cpu.end());
    if (cpuMs)
        *cpuMs = cpu[cpu.size() / 2];
    return times[times.size() / 2];
}

std::vector<std::uint8_t> syntheticImage(int width, int height)
{
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * height);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            pixels[static_cast<std::size_t>(y) * width + x] =
                static_cast<std::uint8_t>((x * 255 / width + ((x - width / 2) * (x - width / 2) + (y - height / 2) * (y - height / 2) < width * height / 10 ? 80 : 0)) % 256);
    return pixels;
}

struct BenchOptions {
    int repeats = 3;
    int threads = 0; // 0: one thread, then every core
    bool decode = true;
};

void benchVariant(const char* name, const SamConfig& config, const BenchOptions& bench)
{
    const int repeats = bench.repeats;
    const bool decode = bench.decode;
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const std::vector<int> threadCounts = bench.threads > 0 ? std::vector<int>{bench.threads} : std::vector<int>{1, cores};
    const int width = 512, height = 512;
    const std::vector<std::uint8_t> pixels = syntheticImage(width, height);
    const SamImage image{pixels.data(), width, height, 1};
    for (int threads : threadCounts) {
        SamOptions options;
        options.threads = threads;
        auto predictor = SamPredictor::withRandomWeights(config, options);
        if (!predictor) {
            std::printf("%s: %s\n", name, predictor.error().message().c_str());
            return;
        }
        double coldCpu = 0;
        long faults = minorFaults();
        bool failed = false;
        const double cold = medianMs(1, [&] {
            if (auto warm = predictor->setImage(image); !warm) {
                std::printf("%s: %s\n", name, warm.error().message().c_str());
                failed = true;
            }
        }, &coldCpu);
        if (failed)
            return;
        std::printf("%-6s cold embedding %d thread(s)  %9.1f ms wall  %9.1f ms CPU  %8ld page faults\n", name,
                    threads, cold, coldCpu, minorFaults() - faults);
        double cpu = 0;
        faults = minorFaults();
        const double embed = medianMs(repeats, [&] { (void)predictor->setImage(image); }, &cpu);
        std::printf("%-6s embedding  %d thread(s)  %9.1f ms wall  %9.1f ms CPU  %8ld page faults/run  (peak RSS %.0f MiB)\n",
                    name, threads, embed, cpu, (minorFaults() - faults) / repeats, peakRssMiB());
        std::fflush(stdout);
        if (threads == 1 && cores == 1 && bench.threads == 0)
            break;
    }
    if (!decode)
        return;
    const std::vector<std::pair<const char*, SamPrompt>> prompts = {
        {"point", {{{200, 180, 1}}, std::nullopt, {}}},
        {"2 points", {{{200, 180, 1}, {300, 320, 0}}, std::nullopt, {}}},
        {"box", {{}, SamBox{150, 120, 330, 360}, {}}},
        {"box+point", {{{240, 250, 1}}, SamBox{150, 120, 330, 360}, {}}},
        {"point+mask", {{{200, 180, 1}}, std::nullopt, std::vector<float>(256 * 256, 0.5f)}},
        {"prompt-free", {}},
    };
    for (bool singleThreaded : {true, false}) {
        SamOptions options;
        options.threads = cores;
        options.singleThreadedDecoder = singleThreaded;
        auto predictor = SamPredictor::withRandomWeights(config, options);
        (void)predictor->setImage(image);
        for (const auto& [label, prompt] : prompts) {
            (void)predictor->predict(prompt, true);
            double cpu = 0;
            const double ms = medianMs(std::max(repeats, 10), [&, &prompt = prompt] { (void)predictor->predict(prompt, true); }, &cpu);
            std::printf("%-6s decode %-11s decoder threads %d  %7.1f ms wall  %7.1f ms CPU\n", name, label,
                        singleThreaded ? 1 : cores, ms, cpu);
        }
        std::fflush(stdout);
    }
}

} // namespace

int main(int argc, char** argv)
{
    delineate::keepFreedMemoryForReuse(); // as the app and CLI do (see AllocatorTuning.h)
    bool vitB = true, vitH = false, vitL = false;
    BenchOptions bench;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--vit-h"))
            vitH = true;
        else if (!std::strcmp(argv[i], "--no-vit-b"))
            vitB = false;
        else if (!std::strcmp(argv[i], "--vit-l"))
            vitL = true;
        else if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc)
            bench.repeats = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
            bench.threads = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--no-decode"))
            bench.decode = false;
    }
    std::printf("hardware threads: %u\n", std::thread::hardware_concurrency());
    benchVariant("vit_t", SamConfig::vitT(), bench);
    BenchOptions large = bench;
    large.decode = false;
    if (vitB)
        benchVariant("vit_b", SamConfig::vitB(), large);
    large.repeats = 1;
    if (vitL)
        benchVariant("vit_l", SamConfig::vitL(), large);
    if (vitH)
        benchVariant("vit_h", SamConfig::vitH(), large);
    std::printf("peak RSS %.0f MiB\n", peakRssMiB());
    return 0;
}
