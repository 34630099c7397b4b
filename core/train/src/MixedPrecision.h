#pragma once
// The guard of the training step's automatic mixed precision (TrainingSettings::precision): whether a step on
// a device runs under bfloat16 autocast (sam::AutocastScope), or why it cannot.

#include "base/Result.h"
#include "train/TrainingSettings.h"

#include <c10/core/Device.h>

namespace delineate::train::detail {

// Float32: false. Auto: true only on a CUDA device with bfloat16 tensor cores (compute capability >= 8.0, as
// LibTorch's test for bfloat16 cuDNN convolutions reports it; a LibTorch without CUDA answers false), so the
// CPU keeps float32. BFloat16: true on any device, except an error on the CPU with LibTorch 1.x (its CPU
// batch- and layer-norm kernels reject bfloat16 input with float32 weights).
[[nodiscard]] Result<bool> bfloat16Autocast(TrainingPrecision precision, const c10::Device& device);

} // namespace delineate::train::detail
