#pragma once
// Refusing weights that hold NaN or infinite values. Such a model loads without complaint and then
// predicts "IoU nan" and empty masks; a checkpoint or adapter is refused at load instead.
//
// Every floating-point tensor (float32, float64, float16, bfloat16) is scanned; integer and bool tensors
// pass. The scan reads the raw bits (an all-ones exponent is NaN or ±Inf) in one vectorised pass over the
// float data, no copy. Loading a checkpoint, prefer loadTorchCheckpoint's refuseNonFinite, which runs the
// same scan while the tensors are read (benchmarks/tensorio/bench_finite_check compares the two).
// Tensors must be on the CPU (as the tensorio readers return them).
// Error: CorruptData naming `path` and the first offending tensor in `tensors` order, in one line.

#include "base/Result.h"
#include "tensorio/StateDict.h"

#include <string>

namespace delineate::tensorio {

[[nodiscard]] Result<void> checkFinite(const StateDict& tensors, const std::string& path);

} // namespace delineate::tensorio
