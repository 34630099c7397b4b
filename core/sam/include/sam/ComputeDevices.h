#pragma once
// What the SAM engine can compute on, torch-free (delineate-cli info --devices; the app's device choice).
//
//   const sam::ComputeDevices devices = sam::computeDevices();
//   if (devices.cudaDevices > 0) ... SamOptions::device = ComputeDevice::Cuda
//
// Two views of the GPUs, because they can disagree and the user needs to know which side is missing:
//   - LibTorch's: whether this build's LibTorch has CUDA at all (Debian's 1.13 has not; the `cuda` preset's
//     PyPI LibTorch 2.x has) and how many devices it can use;
//   - the driver's: the NVIDIA GPUs NVML lists (libnvidia-ml.so.1, loaded at run time when present), with
//   name,
//     memory and driver version, whether or not this LibTorch can use them.
// CPU: the instruction-set features that decide whether bfloat16 arithmetic is native (AVX-512 BF16, AMX).

#include <cstdint>
#include <string>
#include <vector>

namespace delineate::sam {

struct GpuInfo {
    int index = 0;
    std::string name;
    std::uint64_t memoryBytes = 0;
};

struct ComputeDevices {
    std::string libtorchVersion;     // e.g. "2.11.0"
    bool libtorchHasCuda = false;    // compiled with CUDA
    std::string cudaVersion;         // its CUDA runtime, e.g. "13.0" ("" without CUDA)
    int cudaDevices = 0;             // devices this LibTorch can use (0 without a driver or GPU)
    std::string driverVersion;       // NVIDIA driver (NVML), "" without one
    std::vector<GpuInfo> driverGpus; // GPUs the driver lists (NVML)
    int cpuCores = 0;                // hardware threads
    bool cpuAvx512Bf16 = false;      // AVX512_BF16 (bfloat16 dot products)
    bool cpuAmxBf16 = false;         // AMX-BF16 offered by the CPU and enabled by the OS
    [[nodiscard]] bool cpuHasNativeBf16() const { return cpuAvx512Bf16 || cpuAmxBf16; }
};

[[nodiscard]] ComputeDevices computeDevices();

} // namespace delineate::sam
