// Where one image embedding's time goes (a program, not a test): the LibTorch operators of one warm
// SamPredictor::setImage, by self time (an operator's time less that of the operators it called), measured by
// LibTorch's own CPU profiler (the legacy one: the same API in LibTorch 1.13 and 2.x).
//
//   profile_embedding [--checkpoint FILE.pth] [--threads N] [--top N] [--repeats N] [--image FILE.ppm|.pgm]
//                     [--decode]
//
// Random vit_t weights from the registry unless --checkpoint. The synthetic 512 x 512 picture of bench_sam
// unless --image. --decode profiles one prompt decode instead (bench_sam's point prompt, multimask, logits at
// the original size, as SamPredictor::predict returns them); the time no operator accounts for is our own
// code outside LibTorch's operators (the mask resizes of postprocessing, the copies into SamPrediction).
// Prints the unprofiled median wall time of the embedding first (the profiler adds a little per operator),
// then one row per operator name: calls, self time in ms and its share of the profiled embedding, the
// operator's inclusive time. On a shared machine set OMP_WAIT_POLICY=PASSIVE.

#include "Netpbm.h"
#include "sam/SamConfig.h"
#include "sam/SamPredictor.h"
#include "startup/AllocatorTuning.h"

#include <torch/csrc/autograd/profiler_legacy.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
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

double elapsedMs(const std::function<void()>& run)
{
    const auto start = std::chrono::steady_clock::now();
    run();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

delineate::bench::Picture syntheticPicture(int size)
{
    delineate::bench::Picture picture{std::vector<std::uint8_t>(static_cast<std::size_t>(size) * size), size,
                                      size, 1};
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const bool disc =
                (x - size / 2) * (x - size / 2) + (y - size / 2) * (y - size / 2) < size * size / 10;
            picture.pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) +
                           static_cast<std::size_t>(x)] =
                static_cast<std::uint8_t>((x * 255 / size + (disc ? 80 : 0)) % 256);
        }
    return picture;
}

int profile(SamPredictor& predictor, const delineate::bench::Picture& picture, bool decode, int top,
            int repeats)
{
    const SamImage image{picture.pixels.data(), picture.width, picture.height, picture.channels};
    (void)predictor.setImage(image); // cold: first touch of the activations' memory
    // bench_sam's point prompt (the same fraction of the image).
    const SamPrompt prompt{{{static_cast<double>(static_cast<int>(200 / 512.0 * picture.width)),
                             static_cast<double>(static_cast<int>(180 / 512.0 * picture.height)), 1}},
                           std::nullopt,
                           {}};
    const std::function<void()> run =
        decode ? std::function<void()>([&] { (void)predictor.predict(prompt, true); })
               : std::function<void()>([&] { (void)predictor.setImage(image); });
    const char* what = decode ? "decode" : "embedding";
    run();
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i)
        times.push_back(elapsedMs(run));
    std::sort(times.begin(), times.end());
    std::printf("%s of %d x %d (unprofiled, median of %d): %.1f ms on %s\n", what, picture.width,
                picture.height, repeats, times[times.size() / 2], predictor.deviceName().c_str());

    profiler::enableProfilerLegacy(profiler::ProfilerConfig(profiler::ProfilerState::CPU));
    const double profiledMs = elapsedMs(run);
    const auto byOperator = operatorTimes(profiler::disableProfilerLegacy());
    std::vector<std::pair<std::string, OperatorTime>> rows(byOperator.begin(), byOperator.end());
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.second.selfUs > b.second.selfUs; });
    double operatorsMs = 0.0;
    for (const auto& row : rows)
        operatorsMs += row.second.selfUs / 1e3;
    std::printf(
        "profiled %s: %.1f ms, of which LibTorch operators %.1f ms (self times summed over threads)\n\n"
        "| operator | calls | self (ms) | self share | inclusive (ms) |\n|---|---:|---:|---:|---:|\n",
        what, profiledMs, operatorsMs);
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
    std::string imagePath;
    bool decode = false;
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
        else if (std::strcmp(argv[i], "--image") == 0 && hasValue)
            imagePath = argv[++i];
        else if (std::strcmp(argv[i], "--decode") == 0)
            decode = true;
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
    delineate::bench::Picture picture = syntheticPicture(512);
    if (!imagePath.empty()) {
        auto read = delineate::bench::readNetpbm(imagePath);
        if (!read) {
            std::fprintf(stderr, "profile_embedding: %s: not an 8-bit binary PGM or PPM\n",
                         imagePath.c_str());
            return 2;
        }
        picture = std::move(*read);
    }
    return profile(*predictor, picture, decode, top, repeats);
}
