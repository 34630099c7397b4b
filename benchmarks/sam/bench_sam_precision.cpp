// Reduced precision against float32 (a program, not a test): for one checkpoint and several pictures, the
// embedding and decode times in float32 and in bfloat16 (SamOptions::precision, autocast), and how far the
// bfloat16 outputs are from float32's: largest |logit difference| at the original size, and the IoU of the
// masks (logit > 0), per prompt and mask.
//
//   bench_sam_precision --checkpoint FILE.pth [--threads N] [--repeats N] [--device cpu|cuda]
//   PICTURE.pgm|.ppm...
//
// Prompts per picture (fractions of its size, as bench_sam): a point, a box, a box with a point, prompt-free;
// multimask (three masks; finetune-SAM checkpoints: their class channels). Prints one "PRECISION ..." line
// per picture and prompt, one "TIMING ..." line per picture, and a summary: the smallest IoU and the median
// speed-ups. benchmarks/sam/precision_study.sh makes the pictures (fixture image, real slices) and runs it.

#include "Netpbm.h"
#include "sam/SamPredictor.h"
#include "startup/AllocatorTuning.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <vector>

using namespace delineate::sam;
using delineate::bench::Picture;

namespace {

double medianMs(int repeats, const std::function<void()>& run)
{
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? NAN : values[values.size() / 2];
}

std::vector<std::pair<const char*, SamPrompt>> prompts(int width, int height)
{
    const auto x = [width](double f) { return static_cast<double>(static_cast<int>(f * width)); };
    const auto y = [height](double f) { return static_cast<double>(static_cast<int>(f * height)); };
    const SamBox box{x(150 / 512.0), y(120 / 512.0), x(330 / 512.0), y(360 / 512.0)};
    return {
        {"point", {{{x(200 / 512.0), y(180 / 512.0), 1}}, std::nullopt, {}}},
        {"box", {{}, box, {}}},
        {"box+point", {{{x(240 / 512.0), y(250 / 512.0), 1}}, box, {}}},
        {"prompt-free", {}},
    };
}

struct Deviation {
    double maxLogitError = 0;
    double minIou = 1;
};

// Per mask: IoU of (logit > 0) between a and b (1 when both are empty); the largest |a - b|.
Deviation compare(const SamPrediction& a, const SamPrediction& b)
{
    Deviation d;
    const std::size_t pixels = static_cast<std::size_t>(a.width) * a.height;
    for (int m = 0; m < a.maskCount; ++m) {
        std::size_t both = 0, either = 0;
        for (std::size_t i = 0; i < pixels; ++i) {
            const float va = a.mask(m)[i], vb = b.mask(m)[i];
            d.maxLogitError = std::max(d.maxLogitError, static_cast<double>(std::abs(va - vb)));
            both += (va > 0 && vb > 0);
            either += (va > 0 || vb > 0);
        }
        d.minIou =
            std::min(d.minIou, either == 0 ? 1.0 : static_cast<double>(both) / static_cast<double>(either));
    }
    return d;
}

struct Settings {
    std::string checkpoint;
    SamOptions options;
    int repeats = 3;
    std::vector<std::string> pictures;
};

int run(const Settings& settings)
{
    SamOptions fp32Options = settings.options, bf16Options = settings.options;
    bf16Options.precision = SamPrecision::BFloat16;
    auto fp32 = SamPredictor::fromCheckpoint(settings.checkpoint, fp32Options);
    auto bf16 = SamPredictor::fromCheckpoint(settings.checkpoint, bf16Options);
    if (!fp32 || !bf16) {
        std::fprintf(stderr, "bench_sam_precision: %s\n", (!fp32 ? fp32 : bf16).error().message().c_str());
        return 1;
    }
    double worstIou = 1, worstLogit = 0;
    std::vector<double> embedSpeedups, decodeSpeedups;
    for (const std::string& path : settings.pictures) {
        const auto picture = delineate::bench::readNetpbm(path);
        if (!picture) {
            std::fprintf(stderr, "bench_sam_precision: %s: not an 8-bit binary PGM or PPM\n", path.c_str());
            return 2;
        }
        const SamImage image{picture->pixels.data(), picture->width, picture->height, picture->channels};
        const bool classes = fp32->config().numMultimaskOutputs == 2;
        for (SamPredictor* predictor : {&*fp32, &*bf16}) {
            if (auto set = predictor->setImage(image); !set) {
                std::fprintf(stderr, "bench_sam_precision: %s\n", set.error().message().c_str());
                return 1;
            }
        }
        const double embed32 = medianMs(settings.repeats, [&] { (void)fp32->setImage(image); });
        const double embed16 = medianMs(settings.repeats, [&] { (void)bf16->setImage(image); });
        double decode32 = 0, decode16 = 0;
        for (const auto& [label, prompt] : prompts(picture->width, picture->height)) {
            const SamPrompt used = classes ? SamPrompt{} : prompt;
            auto a = fp32->predict(used, true);
            auto b = bf16->predict(used, true);
            if (!a || !b) {
                std::fprintf(stderr, "bench_sam_precision: %s\n", (!a ? a : b).error().message().c_str());
                return 1;
            }
            const Deviation d = compare(*a, *b);
            worstIou = std::min(worstIou, d.minIou);
            worstLogit = std::max(worstLogit, d.maxLogitError);
            std::printf("PRECISION picture=%s prompt=%s masks=%d max_logit_error=%.4f min_iou=%.5f\n",
                        path.c_str(), classes ? "class-channels" : label, a->maskCount, d.maxLogitError,
                        d.minIou);
            decode32 += medianMs(10, [&] { (void)fp32->predict(used, true); });
            decode16 += medianMs(10, [&] { (void)bf16->predict(used, true); });
            if (classes)
                break;
        }
        std::printf("TIMING picture=%s size=%dx%d embed_fp32_ms=%.1f embed_bf16_ms=%.1f decode_fp32_ms=%.2f "
                    "decode_bf16_ms=%.2f\n",
                    path.c_str(), picture->width, picture->height, embed32, embed16, decode32, decode16);
        std::fflush(stdout);
        embedSpeedups.push_back(embed32 / embed16);
        decodeSpeedups.push_back(decode32 / decode16);
    }
    std::printf("SUMMARY checkpoint=%s device=%s threads=%d pictures=%zu min_iou=%.5f max_logit_error=%.4f "
                "embed_speedup=%.2f decode_speedup=%.2f\n",
                settings.checkpoint.c_str(), fp32->deviceName().c_str(), settings.options.threads,
                settings.pictures.size(), worstIou, worstLogit, median(embedSpeedups),
                median(decodeSpeedups));
    return 0;
}

} // namespace

static int benchMain(int argc, char** argv)
{
    delineate::keepFreedMemoryForReuse();
    Settings settings;
    settings.options.device = ComputeDevice::Cpu;
    settings.options.threads = 2;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--checkpoint" && hasValue)
            settings.checkpoint = argv[++i];
        else if (arg == "--threads" && hasValue)
            settings.options.threads = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--repeats" && hasValue)
            settings.repeats = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--device" && hasValue)
            settings.options.device =
                std::strcmp(argv[++i], "cuda") == 0 ? ComputeDevice::Cuda : ComputeDevice::Cpu;
        else if (!arg.empty() && arg[0] != '-')
            settings.pictures.push_back(arg);
        else {
            std::fprintf(stderr, "bench_sam_precision: unknown argument %s\n", arg.c_str());
            return 2;
        }
    }
    if (settings.checkpoint.empty() || settings.pictures.empty()) {
        std::fprintf(stderr, "usage: bench_sam_precision --checkpoint FILE.pth [--threads N] PICTURE...\n");
        return 2;
    }
    return run(settings);
}

// An exception (a full disk, std::bad_alloc) ends the benchmark with one line, not std::terminate's abort.
int main(int argc, char** argv)
{
    try {
        return benchMain(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_sam_precision: %s\n", error.what());
        return 1;
    }
}
