#pragma once
// Building the model thread's predictor for a device, and telling device failures from other errors
// (SamService's CPU fallback). Model thread only.

#include "base/Error.h"
#include "base/Result.h"
#include "inference/SamDevice.h"
#include "sam/SamPredictor.h"

#include <QString>

namespace delineate::ui::detail {

struct PredictorSource {
    QString checkpoint;    // torch.save checkpoint (empty with randomVariant)
    QString adapter;       // PEFT weights on top ("" = base model)
    QString randomVariant; // non-empty: random weights of this registry variant (tests, benchmarks)
};

// The checkpoint (or random weights) with its adapter on `device`, `threads` CPU threads (0: all cores).
[[nodiscard]] Result<sam::SamPredictor> loadPredictor(const PredictorSource& source, const SamDevice& device,
                                                      int threads);

// True when `error` says the GPU failed (CUDA out of memory, no driver, no usable device, a lost device)
// rather than the input: the model can go on on the CPU.
[[nodiscard]] bool isDeviceFailure(const Error& error);

// The error an injected DeviceFault stands for: the wording LibTorch uses for that failure.
[[nodiscard]] Error injectedDeviceFailure(DeviceFault fault);

} // namespace delineate::ui::detail
