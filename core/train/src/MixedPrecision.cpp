#include "MixedPrecision.h"

#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/version.h>

namespace delineate::train::detail {

Result<bool> bfloat16Autocast(TrainingPrecision precision, const c10::Device& device)
{
    switch (precision) {
    case TrainingPrecision::Float32:
        return false;
    case TrainingPrecision::Auto:
        return device.is_cuda() && at::detail::getCUDAHooks().supportsBFloat16ConvolutionWithCuDNNv8();
    case TrainingPrecision::BFloat16:
        if (device.is_cpu() && TORCH_VERSION_MAJOR < 2)
            return makeError(
                ErrorCode::InvalidArgument, "",
                "bfloat16 training on the CPU needs LibTorch 2.x (this build has LibTorch " TORCH_VERSION
                "): build with cmake --preset cuda, or train in float32");
        return true;
    }
    return false;
}

} // namespace delineate::train::detail
