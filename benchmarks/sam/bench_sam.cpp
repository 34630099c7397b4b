// SAM engine benchmark (a program, not a test): image embedding time per variant and thread
// count, decode time per prompt type, peak RSS. Random weights from the registry, or a checkpoint.
//
//   bench_sam [--no-vit-b] [--vit-l] [--vit-h] [--repeats N] [--threads N] [--device cpu|cuda]
//             [--precision fp32|bf16] [--checkpoint FILE.pth] [--image FILE.pgm|.ppm] [--no-decode]
//
// Prints one line per measurement: median wall time and median process CPU time of the repeats, and the
// same figures as a machine-readable "RESULT ..." line (benchmarks/sam/compare_reference.sh reads them; the
// official Python predictor prints the same lines, benchmarks/sam/reference_sam.py). With --checkpoint only
// that model is measured; with --image that picture (8-bit binary PGM or PPM) replaces the synthetic 512 x
// 512 one; prompts sit at the same fractions of the image as in reference_sam.py. --threads N measures N
// threads only (default: 1 and all cores). On a shared machine set OMP_WAIT_POLICY=PASSIVE (OpenMP
// spin-waiting then costs a lot). Like the app and the CLI, the benchmark tunes the allocator
// (startup/AllocatorTuning.h): on this VM page faults on the large activations cost more than the arithmetic
// (vit_t embedding, 1 thread, idle 2-core VM: 12.9 s with glibc's defaults, 1.4 s with the heap kept).

#include "Netpbm.h"
#include "sam/SamConfig.h"
#include "sam/SamPredictor.h"
#include "startup/AllocatorTuning.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <time.h>
#include <vector>

using namespace delineate::sam;
using delineate::bench::Picture;
using delineate::bench::readNetpbm;

namespace {

struct Settings {
    int repeats = 3;
    int threads = 0; // 0: 1 and all cores
    SamOptions options;
    std::string precision = "fp32";
    std::string checkpoint;
    std::string imagePath;
    bool decode = true;
};

long minorFaults()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

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
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        cpu.push_back(processCpuMs() - cpuStart);
    }
    std::sort(times.begin(), times.end());
    std::sort(cpu.begin(), cpu.end());
    if (cpuMs)
        *cpuMs = cpu[cpu.size() / 2];
    return times[times.size() / 2];
}

Picture syntheticImage(int width, int height)
{
    Picture picture{std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height), width, height, 1};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            picture.pixels[static_cast<std::size_t>(y) * width + x] = static_cast<std::uint8_t>(
                (x * 255 / width + ((x - width / 2) * (x - width / 2) + (y - height / 2) * (y - height / 2) <
                                            width * height / 10
                                        ? 80
                                        : 0)) %
                256);
    return picture;
}

void printResult(const char* name, const Settings& settings, int threads, const char* what, double wallMs,
                 double cpuMs)
{
    std::printf("RESULT engine=delineate variant=%s device=%s precision=%s threads=%d what=%s wall_ms=%.2f "
                "cpu_ms=%.2f\n",
                name, settings.options.device == ComputeDevice::Cuda ? "cuda" : "cpu",
                settings.precision.c_str(), threads, what, wallMs, cpuMs);
}

// The prompts of reference_sam.py, at fixed fractions of the image (the 512 x 512 synthetic image gives the
// coordinates this benchmark always used).
std::vector<std::pair<const char*, SamPrompt>> prompts(int width, int height)
{
    const auto x = [width](double f) { return static_cast<double>(static_cast<int>(f * width)); };
    const auto y = [height](double f) { return static_cast<double>(static_cast<int>(f * height)); };
    const SamBox box{x(150 / 512.0), y(120 / 512.0), x(330 / 512.0), y(360 / 512.0)};
    return {
        {"point", {{{x(200 / 512.0), y(180 / 512.0), 1}}, std::nullopt, {}}},
        {"2_points",
         {{{x(200 / 512.0), y(180 / 512.0), 1}, {x(300 / 512.0), y(320 / 512.0), 0}}, std::nullopt, {}}},
        {"box", {{}, box, {}}},
        {"box+point", {{{x(240 / 512.0), y(250 / 512.0), 1}}, box, {}}},
        {"point+mask",
         {{{x(200 / 512.0), y(180 / 512.0), 1}}, std::nullopt, std::vector<float>(256 * 256, 0.5f)}},
        {"prompt-free", {}},
    };
}

delineate::Result<SamPredictor> makePredictor(const SamConfig& config, const Settings& settings,
                                              SamOptions options)
{
    return settings.checkpoint.empty() ? SamPredictor::withRandomWeights(config, options)
                                       : SamPredictor::fromCheckpoint(settings.checkpoint, options);
}

void benchDecode(const char* name, const SamConfig& config, const Settings& settings, const SamImage& image)
{
    const int cores = settings.threads > 0
                          ? settings.threads
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (bool singleThreaded : {true, false}) {
        if (settings.threads > 0 && singleThreaded && cores > 1)
            continue;
        SamOptions options = settings.options;
        options.threads = cores;
        options.singleThreadedDecoder = singleThreaded;
        auto predictor = makePredictor(config, settings, options);
        (void)predictor->setImage(image);
        for (const auto& [label, prompt] : prompts(image.width, image.height)) {
            (void)predictor->predict(prompt, true);
            double cpu = 0;
            const double ms = medianMs(
                std::max(settings.repeats, 10), [&] { (void)predictor->predict(prompt, true); }, &cpu);
            std::printf("%-6s decode %-11s decoder threads %d  %7.1f ms wall  %7.1f ms CPU\n", name, label,
                        singleThreaded ? 1 : cores, ms, cpu);
            printResult(name, settings, singleThreaded ? 1 : cores, (std::string("decode_") + label).c_str(),
                        ms, cpu);
        }
        std::fflush(stdout);
    }
}

void benchVariant(const char* name, const SamConfig& config, const Settings& settings, const Picture& picture,
                  bool decode)
{
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const SamImage image{picture.pixels.data(), picture.width, picture.height, picture.channels};
    std::vector<int> threadCounts{1, cores};
    if (settings.threads > 0)
        threadCounts = {settings.threads};
    else if (cores == 1)
        threadCounts = {1};
    for (int threads : threadCounts) {
        SamOptions options = settings.options;
        options.threads = threads;
        auto predictor = makePredictor(config, settings, options);
        if (!predictor) {
            std::printf("%s: %s\n", name, predictor.error().message().c_str());
            return;
        }
        // The first ("cold") embedding touches the activations' memory for the first time: what the
        // allocator tuning (huge-page heap) speeds up; its page faults are printed on their own.
        double coldCpu = 0;
        long faults = minorFaults();
        bool failed = false;
        const double cold = medianMs(
            1,
            [&] {
                if (auto warm = predictor->setImage(image); !warm) {
                    std::printf("%s: %s\n", name, warm.error().message().c_str());
                    failed = true;
                }
            },
            &coldCpu);
        if (failed)
            return;
        std::printf("%-6s cold embedding %d thread(s)  %9.1f ms wall  %9.1f ms CPU  %8ld page faults\n", name,
                    threads, cold, coldCpu, minorFaults() - faults);
        double cpu = 0;
        faults = minorFaults();
        const double embed = medianMs(
            settings.repeats, [&] { (void)predictor->setImage(image); }, &cpu);
        std::printf("%-6s embedding  %d thread(s) on %s  %9.1f ms wall  %9.1f ms CPU  %8ld page faults/run  "
                    "(peak RSS %.0f MiB)\n",
                    name, threads, predictor->deviceName().c_str(), embed, cpu,
                    (minorFaults() - faults) / std::max(1, settings.repeats), peakRssMiB());
        printResult(name, settings, threads, "embed", embed, cpu);
        std::fflush(stdout);
    }
    if (decode)
        benchDecode(name, config, settings, image);
}

const char* variantName(const SamConfig& config)
{
    switch (config.variant) {
    case SamVariant::VitT:
        return "vit_t";
    case SamVariant::VitB:
        return "vit_b";
    case SamVariant::VitL:
        return "vit_l";
    case SamVariant::VitH:
        return "vit_h";
    default:
        return "custom";
    }
}

} // namespace

int main(int argc, char** argv)
{
    delineate::keepFreedMemoryForReuse(); // as the app and CLI do (see AllocatorTuning.h)
    bool vitB = true, vitH = false, vitL = false;
    Settings settings;
    settings.options.device = ComputeDevice::Cpu;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--vit-h")
            vitH = true;
        else if (arg == "--no-vit-b")
            vitB = false;
        else if (arg == "--vit-l")
            vitL = true;
        else if (arg == "--no-decode")
            settings.decode = false;
        else if (arg == "--repeats" && hasValue)
            settings.repeats = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--threads" && hasValue)
            settings.threads = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--device" && hasValue)
            settings.options.device =
                std::strcmp(argv[++i], "cuda") == 0 ? ComputeDevice::Cuda : ComputeDevice::Cpu;
        else if (arg == "--precision" && hasValue)
            settings.precision = argv[++i];
        else if (arg == "--checkpoint" && hasValue)
            settings.checkpoint = argv[++i];
        else if (arg == "--image" && hasValue)
            settings.imagePath = argv[++i];
        else {
            std::fprintf(stderr,
                         "bench_sam: unknown argument %s (see the comment at the top of bench_sam.cpp)\n",
                         arg.c_str());
            return 2;
        }
    }
    if (settings.precision == "bf16")
        settings.options.precision = SamPrecision::BFloat16;
    else if (settings.precision != "fp32") {
        std::fprintf(stderr, "bench_sam: --precision takes fp32 or bf16\n");
        return 2;
    }
    Picture picture = syntheticImage(512, 512);
    if (!settings.imagePath.empty()) {
        auto read = readNetpbm(settings.imagePath);
        if (!read) {
            std::fprintf(stderr, "bench_sam: %s: not an 8-bit binary PGM or PPM\n",
                         settings.imagePath.c_str());
            return 2;
        }
        picture = std::move(*read);
    }
    std::printf("hardware threads: %u, image %d x %d x %d\n", std::thread::hardware_concurrency(),
                picture.width, picture.height, picture.channels);
    if (!settings.checkpoint.empty()) {
        auto probe = SamPredictor::fromCheckpoint(settings.checkpoint, SamOptions{ComputeDevice::Cpu, 1});
        if (!probe) {
            std::fprintf(stderr, "bench_sam: %s\n", probe.error().message().c_str());
            return 1;
        }
        const SamConfig config = probe->config();
        benchVariant(variantName(config), config, settings, picture, settings.decode);
    } else {
        benchVariant("vit_t", SamConfig::vitT(), settings, picture, settings.decode);
        Settings once = settings;
        once.repeats = 1;
        if (vitB)
            benchVariant("vit_b", SamConfig::vitB(), settings, picture, false);
        if (vitL)
            benchVariant("vit_l", SamConfig::vitL(), once, picture, false);
        if (vitH)
            benchVariant("vit_h", SamConfig::vitH(), once, picture, false);
    }
    std::printf("peak RSS %.0f MiB\n", peakRssMiB());
    return 0;
}
