#pragma once
// Image embeddings of training slices under a frozen image encoder (internal; torch). With the encoder
// frozen (TrainingScope::Decoder) a slice's embedding cannot change, so the trainer encodes each distinct
// slice once for its lifetime. Keyed by the slice's size and pixels: an FNV-1a hash narrows the search,
// the pixels are compared on every hit.

#include "train/TrainingSlice.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace delineate::train::detail {

class EmbeddingCache {
public:
    // The embedding stored for a slice with these pixels, or an undefined tensor.
    [[nodiscard]] at::Tensor find(const TrainingSlice& slice) const;
    void insert(const TrainingSlice& slice, at::Tensor embedding);
    void clear() { m_entries.clear(); }

private:
    struct Entry {
        int width;
        int height;
        std::vector<std::uint8_t> rgb;
        at::Tensor embedding;
    };
    std::unordered_multimap<std::uint64_t, Entry> m_entries;
};

} // namespace delineate::train::detail
