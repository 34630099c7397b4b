#pragma once
// NumPy .npy (format 1.0) for float32 arrays: what --logits writes and --mask-input reads.

#include "base/Result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace delineate::cli {

struct NpyArray {
    std::vector<std::int64_t> shape;
    std::vector<float> values; // C order
};

[[nodiscard]] Result<void> writeNpy(const std::string& path, const NpyArray& array);
// Accepts little-endian float32 ('<f4'), C order, at most 16 MiB of data.
[[nodiscard]] Result<NpyArray> readNpy(const std::string& path);

} // namespace delineate::cli
