#include "sam/ComputeDevices.h"

#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <cpuid.h>
#include <dlfcn.h>
#include <thread>

namespace delineate::sam {

namespace {

// NVML's C interface, loaded at run time: the driver's own library (what nvidia-smi uses). Only the calls
// needed here; signatures from nvml.h (all return nvmlReturn_t, 0 = success).
struct Nvml {
    using Init = int (*)();
    using Count = int (*)(unsigned*);
    using Handle = int (*)(unsigned, void**);
    using Name = int (*)(void*, char*, unsigned);
    struct Memory {
        unsigned long long total, free, used;
    };
    using MemoryInfo = int (*)(void*, Memory*);
    using Driver = int (*)(char*, unsigned);
    using Shutdown = int (*)();
};

template <typename F> F symbol(void* library, const char* name)
{
    return reinterpret_cast<F>(dlsym(library, name));
}

void listDriverGpus(ComputeDevices& devices)
{
    void* library = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!library)
        return;
    const auto init = symbol<Nvml::Init>(library, "nvmlInit_v2");
    const auto count = symbol<Nvml::Count>(library, "nvmlDeviceGetCount_v2");
    const auto handle = symbol<Nvml::Handle>(library, "nvmlDeviceGetHandleByIndex_v2");
    const auto name = symbol<Nvml::Name>(library, "nvmlDeviceGetName");
    const auto memory = symbol<Nvml::MemoryInfo>(library, "nvmlDeviceGetMemoryInfo");
    const auto driver = symbol<Nvml::Driver>(library, "nvmlSystemGetDriverVersion");
    const auto shutdown = symbol<Nvml::Shutdown>(library, "nvmlShutdown");
    if (init && count && handle && name && memory && driver && shutdown && init() == 0) {
        char text[96] = {};
        if (driver(text, sizeof text) == 0)
            devices.driverVersion = text;
        unsigned gpus = 0;
        if (count(&gpus) == 0) {
            for (unsigned i = 0; i < gpus; ++i) {
                void* device = nullptr;
                if (handle(i, &device) != 0)
                    continue;
                GpuInfo gpu;
                gpu.index = static_cast<int>(i);
                if (name(device, text, sizeof text) == 0)
                    gpu.name = text;
                Nvml::Memory info{};
                if (memory(device, &info) == 0)
                    gpu.memoryBytes = info.total;
                devices.driverGpus.push_back(gpu);
            }
        }
        shutdown();
    }
    dlclose(library);
}

// CPUID leaf 7: EDX bit 22 AMX-BF16, bit 24 AMX-TILE; subleaf 1 EAX bit 5 AVX512_BF16. AMX also needs the OS
// to enable the tile state (XCR0 bits 17 and 18).
void readCpuFeatures(ComputeDevices& devices)
{
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid_count(7, 1, &a, &b, &c, &d))
        devices.cpuAvx512Bf16 = (a >> 5) & 1u;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        const bool amx = ((d >> 22) & 1u) && ((d >> 24) & 1u);
        unsigned xcr0Low = 0, xcr0High = 0;
        if (amx) {
            __asm__("xgetbv" : "=a"(xcr0Low), "=d"(xcr0High) : "c"(0));
            devices.cpuAmxBf16 = ((xcr0Low >> 17) & 3u) == 3u;
        }
    }
}

} // namespace

ComputeDevices computeDevices()
{
    ComputeDevices devices;
    devices.libtorchVersion = TORCH_VERSION;
    // The CUDA hooks are the stub unless LibTorch's CUDA library is linked in.
    devices.libtorchHasCuda = at::detail::getCUDAHooks().hasCUDART();
    try {
        if (devices.libtorchHasCuda) {
            const long version = at::detail::getCUDAHooks().versionCUDART();
            devices.cudaVersion = std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
        }
        devices.cudaDevices = torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
    } catch (const std::exception&) {
        devices.cudaDevices = 0;
    }
    listDriverGpus(devices);
    devices.cpuCores = static_cast<int>(std::thread::hardware_concurrency());
    readCpuFeatures(devices);
    return devices;
}

} // namespace delineate::sam
