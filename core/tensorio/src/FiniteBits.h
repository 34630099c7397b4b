#pragma once
// The raw-bit NaN / Inf scan behind checkFinite, torch-free so that the zip reader can run it on each
// block of a storage right after the block's CRC-32, while the block is still in cache (internal).

#include <c10/core/ScalarType.h>

#include <cstddef>

namespace delineate::tensorio::detail {

// How the bytes of a storage hold floating-point values (None: not floating point, never scanned).
enum class FloatLayout { None, Half, BFloat16, Float, Double };

[[nodiscard]] FloatLayout floatLayoutOf(c10::ScalarType type);
[[nodiscard]] std::size_t floatLayoutSize(FloatLayout layout);

// True when any of the `bytes / floatLayoutSize(layout)` values at `data` (any alignment) has an
// all-ones exponent, i.e. is NaN or ±Inf. `bytes` must be a multiple of the value size.
[[nodiscard]] bool holdsNonFinite(const void* data, std::size_t bytes, FloatLayout layout);

} // namespace delineate::tensorio::detail
