// What refusing NaN / Inf weights costs at model load (a program, not a test; issue 14.4):
//
//   bench_finite_check [--repeats N] [CHECKPOINT.pth ...]   (default: the fixture checkpoints)
//
// Per checkpoint: the median wall time of loadTorchCheckpoint (file in the page cache) and of
// checkFinite on what it returned, and the check's share of the load. Then checkFinite on ~93.7 M float32
// values in 768 x 768 tensors, the parameter count of SAM ViT-B (its checkpoint is 358 MB), for the
// absolute figure at that size. Load and check both go through every byte once, so the share measured on
// the fixtures holds for larger checkpoints too; the full model load (SHA-256 of the file, building the
// network, copying the weights into it) costs more than loadTorchCheckpoint alone, so the share of a
// real vit_b load is smaller than the one printed.

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

double medianMs(int repeats, const std::function<void()>& run)
{
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
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

    std::printf("%-28s %9s %10s %10s %7s\n", "checkpoint", "MB", "load ms", "check ms", "share");
    for (const std::string& path : paths) {
        auto loaded = loadTorchCheckpoint(path);
        if (!loaded) {
            std::printf("%s\n", loaded.error().message().c_str());
            continue;
        }
        const double load = medianMs(repeats, [&] { (void)loadTorchCheckpoint(path); });
        const double check = medianMs(repeats, [&] { (void)checkFinite(*loaded, path); });
        const std::string name = path.substr(path.find_last_of('/') + 1);
        std::printf("%-28s %9.1f %10.1f %10.2f %6.1f%%\n", name.c_str(), megabytes(*loaded), load, check,
                    100.0 * check / load);
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
