// SAM engine benchmark (a program, not a test): image embedding time per variant and thread
// count, decode time per prompt type, peak RSS. Random weights from the registry.
//
//   bench_sam [--no-vit-b] [--vit-l] [--vit-h] [--repeats N]
//
// Prints one line per measurement: median wall time and median process CPU time of the repeats.
// On a shared machine set OMP_WAIT_POLICY=PASSIVE (OpenMP spin-waiting then costs a lot). Like the app
// and the CLI, the benchmark keeps freed heap for reuse (base/AllocatorTuning.h): on this VM page faults
// on the large activations cost more than the arithmetic (vit_t embedding, 1 thread, idle 2-core VM:
// 12.9 s with glibc's defaults, 1.4 s with the heap kept).

#include "base/AllocatorTuning.h"
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

void benchVariant(const char* name, const SamConfig& config, int repeats, bool decode)
{
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int width = 512, height = 512;
    const std::vector<std::uint8_t> pixels = syntheticImage(width, height);
    const SamImage image{pixels.data(), width, height, 1};
    for (int threads : {1, cores}) {
        SamOptions options;
        options.threads = threads;
        auto predictor = SamPredictor::withRandomWeights(config, options);
        if (!predictor) {
            std::printf("%s: %s\n", name, predictor.error().message().c_str());
            return;
        }
        if (auto warm = predictor->setImage(image); !warm) {
            std::printf("%s: %s\n", name, warm.error().message().c_str());
            return;
        }
        double cpu = 0;
        const double embed = medianMs(repeats, [&] { (void)predictor->setImage(image); }, &cpu);
        std::printf("%-6s embedding  %d thread(s)  %9.1f ms wall  %9.1f ms CPU   (peak RSS %.0f MiB)\n", name, threads,
                    embed, cpu, peakRssMiB());
        std::fflush(stdout);
        if (threads == 1 && cores == 1)
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
            const double ms = medianMs(std::max(repeats, 10), [&] { (void)predictor->predict(prompt, true); }, &cpu);
            std::printf("%-6s decode %-11s decoder threads %d  %7.1f ms wall  %7.1f ms CPU\n", name, label,
                        singleThreaded ? 1 : cores, ms, cpu);
        }
        std::fflush(stdout);
    }
}

} // namespace

int main(int argc, char** argv)
{
    delineate::restartWithHugePages(argv); // first: may re-execute the program (see AllocatorTuning.h)
    delineate::keepFreedMemoryForReuse(); // as the app and CLI do (see AllocatorTuning.h)
    bool vitB = true, vitH = false, vitL = false;
    int repeats = 3;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--vit-h"))
            vitH = true;
        else if (!std::strcmp(argv[i], "--no-vit-b"))
            vitB = false;
        else if (!std::strcmp(argv[i], "--vit-l"))
            vitL = true;
        else if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc)
            repeats = std::max(1, std::atoi(argv[++i]));
    }
    std::printf("hardware threads: %u\n", std::thread::hardware_concurrency());
    benchVariant("vit_t", SamConfig::vitT(), repeats, true);
    if (vitB)
        benchVariant("vit_b", SamConfig::vitB(), repeats, false);
    if (vitL)
        benchVariant("vit_l", SamConfig::vitL(), 1, false);
    if (vitH)
        benchVariant("vit_h", SamConfig::vitH(), 1, false);
    std::printf("peak RSS %.0f MiB\n", peakRssMiB());
    return 0;
}
