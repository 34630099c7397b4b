#include "PredictorLoading.h"

#include <array>
#include <string_view>

namespace delineate::ui::detail {

Result<sam::SamPredictor> loadPredictor(const PredictorSource& source, const SamDevice& device, int threads)
{
    sam::SamOptions options;
    options.threads = threads;
    switch (device.kind) {
    case SamDevice::Kind::Auto:
        options.device = sam::ComputeDevice::Auto;
        break;
    case SamDevice::Kind::Cpu:
        options.device = sam::ComputeDevice::Cpu;
        break;
    case SamDevice::Kind::Cuda:
        options.device = sam::ComputeDevice::Cuda;
        options.cudaIndex = device.index;
        break;
    }
    Result<sam::SamPredictor> loaded = [&]() -> Result<sam::SamPredictor> {
        if (source.randomVariant.isEmpty())
            return sam::SamPredictor::fromCheckpoint(source.checkpoint.toStdString(), options);
        auto config = sam::SamConfig::forName(source.randomVariant.toStdString());
        if (!config)
            return makeError(ErrorCode::InvalidArgument, "",
                             "unknown SAM variant " + source.randomVariant.toStdString());
        return sam::SamPredictor::withRandomWeights(*config, options);
    }();
    if (!loaded || source.adapter.isEmpty())
        return loaded;
    if (auto peft = loaded->loadPeftWeights(source.adapter.toStdString()); !peft)
        return peft.error();
    return loaded;
}

bool isDeviceFailure(const Error& error)
{
    if (error.code == ErrorCode::Cancelled)
        return false;
    static constexpr std::array<std::string_view, 6> kSigns = {"CUDA",          "cuda",  "out of memory",
                                                               "NVIDIA driver", "cuDNN", "CUBLAS_STATUS"};
    for (const std::string_view sign : kSigns)
        if (error.detail.find(sign) != std::string::npos)
            return true;
    return false;
}

Error injectedDeviceFailure(DeviceFault fault)
{
    if (fault == DeviceFault::DriverMissing)
        return makeError(
            ErrorCode::Internal, "",
            "Found no NVIDIA driver on your system (injected test failure: CUDA driver missing)");
    return makeError(
        ErrorCode::Internal, "",
        "CUDA out of memory. Tried to allocate 2.00 GiB (injected test failure: CUDA out of memory)");
}

} // namespace delineate::ui::detail
