// What refusing NaN / Inf weights costs at model load (a program, not a test; issue 14.4):
//
//   bench_finite_check [--repeats N] [CHECKPOINT.pth ...]   (default: the fixture checkpoints)
//
// Per checkpoint, the median wall time (file in the page cache; the three runs interleaved, so that load
// on the machine affects them alike) of
//   plain:    loadTorchCheckpoint without any NaN / Inf check;
//   separate: loadTorchCheckpoint, then checkFinite over what it returned (the check before issue 14.4's
//             fourth point: a second pass over every weight, from memory);
//   fused:    loadTorchCheckpoint with refuseNonFinite (each block scanned right after its CRC-32);
// and the cost of each check as a share of the plain load. Then checkFinite alone on ~93.7 M float32 values
// in 768 x 768 tensors, the parameter count of SAM ViT-B (its checkpoint is 358 MB), for the absolute
// figure of the separate pass at that size. The full model load (SHA-256 of the file, building the network,
// copying the weights into it) costs more than loadTorchCheckpoint alone, so the share of a real model
// load is smaller than the one printed.

#include "tensorio/FiniteCheck.h"
#include "tensorio/TorchCheckpointReader.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

using namespace delineate::tensorio;

namespace {

double timedMs(const std::function<void()>& run)
{
    const auto start = std::chrono::steady_clock::now();
    run();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> times)
{
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

double medianMs(int repeats, const std::function<void()>& run)
{
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i)
        times.push_back(timedMs(run));
    return median(std::move(times));
}

double megabytes(const StateDict& dict)
{
    double bytes = 0;
    for (const auto& [name, tensor] : dict)
        bytes += double(tensor.numel()) * double(tensor.element_size());
    return bytes / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    int repeats = 7;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument == "--repeats" && i + 1 < argc)
            repeats = std::max(1, std::atoi(argv[++i]));
        else
            paths.push_back(argument);
    }
    if (paths.empty())
        for (const char* name : {"vit_t.pth", "vit_mini.pth", "ft_vit_t_adapter.pth"})
            paths.push_back(std::string(DELINEATE_SHARED_DIR) + "/fixtures/sam/" + name);

    std::printf("%-24s %7s %9s %9s %9s %9s %9s\n", "checkpoint", "MB", "plain ms", "sep. ms", "fused ms",
                "separate", "fused");
    for (const std::string& path : paths) {
        auto loaded = loadTorchCheckpoint(path);
        if (!loaded) {
            std::printf("%s\n", loaded.error().message().c_str());
            continue;
        }
        std::vector<double> plain, separate, fused;
        for (int i = 0; i < repeats; ++i) {
            plain.push_back(timedMs([&] { (void)loadTorchCheckpoint(path); }));
            separate.push_back(timedMs([&] {
                auto again = loadTorchCheckpoint(path);
                (void)checkFinite(*again, path);
            }));
            fused.push_back(timedMs([&] { (void)loadTorchCheckpoint(path, {.refuseNonFinite = true}); }));
        }
        const double p = median(plain), s = median(separate), f = median(fused);
        const std::string name = path.substr(path.find_last_of('/') + 1);
        std::printf("%-24s %7.1f %9.2f %9.2f %9.2f %+8.1f%% %+8.1f%%\n", name.c_str(), megabytes(*loaded), p,
                    s, f, 100.0 * (s - p) / p, 100.0 * (f - p) / p);
    }

    StateDict vitB;
    const std::int64_t total = 93'735'472; // SAM ViT-B parameters
    for (std::int64_t done = 0; done < total; done += 768 * 768)
        vitB.emplace_back("t" + std::to_string(vitB.size()),
                          at::randn({std::min<std::int64_t>(768 * 768, total - done)}));
    const double check = medianMs(repeats, [&] { (void)checkFinite(vitB, "vit_b"); });
    std::printf("%-28s %9.1f %10s %10.2f\n", "vit_b-sized (synthetic)", megabytes(vitB), "-", check);
    return 0;
}
