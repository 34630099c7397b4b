// delineate-cli info --devices [--json]: what SAM and retraining can run on here (sam/ComputeDevices.h).

#include "Commands.h"
#include "sam/ComputeDevices.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace delineate::cli {
namespace {

// The device SamOptions / TrainingSettings "auto" picks, and why.
std::string automaticChoice(const sam::ComputeDevices& d)
{
    if (d.cudaDevices > 0)
        return "cuda:0";
    if (!d.driverGpus.empty() && !d.libtorchHasCuda)
        return "cpu (the driver lists a GPU, but this build's LibTorch has no CUDA: build with cmake "
               "--preset cuda)";
    if (!d.driverGpus.empty())
        return "cpu (the driver lists a GPU, but LibTorch's CUDA " + d.cudaVersion +
               " cannot use it: driver too old?)";
    if (d.libtorchHasCuda)
        return "cpu (LibTorch has CUDA " + d.cudaVersion + ", but no NVIDIA driver or GPU was found)";
    return "cpu";
}

} // namespace

int runDevices(bool json)
{
    const sam::ComputeDevices d = sam::computeDevices();
    if (json) {
        nlohmann::json out;
        out["libtorch"] = d.libtorchVersion;
        out["libtorch_cuda"] = d.libtorchHasCuda ? nlohmann::json(d.cudaVersion) : nlohmann::json(nullptr);
        out["cuda_devices"] = d.cudaDevices;
        out["driver"] = d.driverVersion;
        out["gpus"] = nlohmann::json::array();
        for (const auto& gpu : d.driverGpus)
            out["gpus"].push_back(
                {{"index", gpu.index}, {"name", gpu.name}, {"memory_bytes", gpu.memoryBytes}});
        out["cpu"] = {{"threads", d.cpuCores}, {"avx512_bf16", d.cpuAvx512Bf16}, {"amx_bf16", d.cpuAmxBf16}};
        out["automatic"] = automaticChoice(d);
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("LibTorch %s, %s\n", d.libtorchVersion.c_str(),
                d.libtorchHasCuda ? ("with CUDA " + d.cudaVersion).c_str() : "CPU only (no CUDA)");
    std::printf("CUDA devices LibTorch can use: %d\n", d.cudaDevices);
    if (d.driverVersion.empty())
        std::printf("NVIDIA driver: none found (libnvidia-ml.so.1)\n");
    else
        std::printf("NVIDIA driver %s\n", d.driverVersion.c_str());
    for (const auto& gpu : d.driverGpus)
        std::printf("  GPU %d: %s, %.1f GiB\n", gpu.index, gpu.name.c_str(),
                    static_cast<double>(gpu.memoryBytes) / (1024.0 * 1024.0 * 1024.0));
    std::printf("CPU: %d threads, AVX-512 BF16 %s, AMX-BF16 %s\n", d.cpuCores, d.cpuAvx512Bf16 ? "yes" : "no",
                d.cpuAmxBf16 ? "yes" : "no");
    std::printf("device 'auto' uses: %s\n", automaticChoice(d).c_str());
    return 0;
}

} // namespace delineate::cli
