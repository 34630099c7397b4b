// Where one image embedding's time goes (a program, not a test): the LibTorch operators of one warm
// SamPredictor::setImage, by self time (an operator's time less that of the operators it called), measured by
// LibTorch's own CPU profiler (the legacy one: the same API in LibTorch 1.13 and 2.x).
//
//   profile_embedding [--checkpoint FILE.pth] [--threads N] [--top N] [--repeats N]
//
// Random vit_t weights from the registry unless --checkpoint. The synthetic 512 x 512 picture of bench_sam.
// Prints the unprofiled median wall time of the embedding first (the profiler adds a little per operator),
// then one row per operator name: calls, self time in ms and its share of the profiled embedding, the
// operator's inclusive time. On a shared machine set OMP_WAIT_POLICY=PASSIVE.

#include "sam/SamConfig.h"
#include "sam/SamPredictor.h"
#include "startup/AllocatorTuning.h"

#include <torch/csrc/autograd/profiler_legacy.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

using namespace delineate::sam;
namespace profiler = torch::autograd::profiler;

namespace {

struct OperatorTime {
    int calls = 0;
    double selfUs = 0.0;
    double totalUs = 0.0;
};

// Self and inclusive time per operator name from the profiler's push / pop events (one stack per thread).
std::map<std::string, OperatorTime> operatorTimes(const profiler::thread_event_lists& threads)
{
    struct Open {
        const profiler::LegacyEvent* push;
        double childUs;
    };
    std::map<std::string, OperatorTime> times;
    for (const auto& events : threads) {
        std::vector<Open> stack;
        for (const profiler::LegacyEvent& event : events) {
            if (event.kind() == profiler::EventKind::PushRange) {
                stack.push_back({&event, 0.0});
            } else if (event.kind() == profiler::EventKind::PopRange && !stack.empty()) {
                const Open open = stack.back();
                stack.pop_back();
                const double elapsed = open.push->cpuElapsedUs(event);
                OperatorTime& time = times[open.push->name()];
                ++time.calls;
                time.selfUs += elapsed - open.childUs;
                time.totalUs += elapsed;
                if (!stack.empty())
                    stack.back().childUs += elapsed;
            }
        }
    }
    return times;
}

double embedMs(SamPredictor& predictor, const SamImage& image)
{
    const auto start = std::chrono::steady_clock::now();
    (void)predictor.setImage(image);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::uint8_t> syntheticPicture(int size)
{
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(size) * static_cast<std::size_t>(size));
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const bool disc =
                (x - size / 2) * (x - size / 2) + (y - size / 2) * (y - size / 2) < size * size / 10;
            pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) +
                   static_cast<std::size_t>(x)] =
                static_cast<std::uint8_t>((x * 255 / size + (disc ? 80 : 0)) % 256);
        }
    return pixels;
}

int profile(SamPredictor& predictor, int top, int repeats)
{
    const std::vector<std::uint8_t> pixels = syntheticPicture(512);
    const SamImage image{pixels.data(), 512, 512, 1};
    (void)predictor.setImage(image); // cold: first touch of the activations' memory
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i)
        times.push_back(embedMs(predictor, image));
    std::sort(times.begin(), times.end());
    std::printf("embedding (unprofiled, median of %d): %.1f ms on %s\n", repeats, times[times.size() / 2],
                predictor.deviceName().c_str());

    profiler::enableProfilerLegacy(profiler::ProfilerConfig(profiler::ProfilerState::CPU));
    const double profiledMs = embedMs(predictor, image);
    const auto byOperator = operatorTimes(profiler::disableProfilerLegacy());
    std::vector<std::pair<std::string, OperatorTime>> rows(byOperator.begin(), byOperator.end());
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.second.selfUs > b.second.selfUs; });
    std::printf(
        "profiled embedding: %.1f ms\n\n| operator | calls | self (ms) | self share | inclusive (ms) |\n"
        "|---|---:|---:|---:|---:|\n",
        profiledMs);
    for (std::size_t i = 0; i < rows.size() && static_cast<int>(i) < top; ++i) {
        const OperatorTime& t = rows[i].second;
        std::printf("| %s | %d | %.1f | %.1f%% | %.1f |\n", rows[i].first.c_str(), t.calls, t.selfUs / 1e3,
                    100.0 * t.selfUs / 1e3 / profiledMs, t.totalUs / 1e3);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    delineate::keepFreedMemoryForReuse(); // as the app and CLI do (see AllocatorTuning.h)
    std::string checkpoint;
    int threads = 2, top = 25, repeats = 3;
    for (int i = 1; i < argc; ++i) {
        const bool hasValue = i + 1 < argc;
        if (std::strcmp(argv[i], "--checkpoint") == 0 && hasValue)
            checkpoint = argv[++i];
        else if (std::strcmp(argv[i], "--threads") == 0 && hasValue)
            threads = std::max(1, std::atoi(argv[++i]));
        else if (std::strcmp(argv[i], "--top") == 0 && hasValue)
            top = std::max(1, std::atoi(argv[++i]));
        else if (std::strcmp(argv[i], "--repeats") == 0 && hasValue)
            repeats = std::max(1, std::atoi(argv[++i]));
        else {
            std::fprintf(stderr,
                         "profile_embedding: unknown argument %s (see the top of profile_embedding.cpp)\n",
                         argv[i]);
            return 2;
        }
    }
    SamOptions options;
    options.device = ComputeDevice::Cpu;
    options.threads = threads;
    auto predictor = checkpoint.empty() ? SamPredictor::withRandomWeights(SamConfig::vitT(), options)
                                        : SamPredictor::fromCheckpoint(checkpoint, options);
    if (!predictor) {
        std::fprintf(stderr, "profile_embedding: %s\n", predictor.error().message().c_str());
        return 1;
    }
    return profile(*predictor, top, repeats);
}
