#include "EmbeddingCache.h"

namespace delineate::train::detail {

namespace {

// FNV-1a over a slice's size and pixels.
std::uint64_t fingerprint(const TrainingSlice& slice)
{
    std::uint64_t hash = 14695981039346656037ULL;
    const auto mix = [&hash](std::uint8_t byte) { hash = (hash ^ byte) * 1099511628211ULL; };
    for (int value : {slice.width, slice.height})
        for (int shift = 0; shift < 32; shift += 8)
            mix(static_cast<std::uint8_t>(static_cast<unsigned>(value) >> shift));
    for (std::uint8_t byte : slice.rgb)
        mix(byte);
    return hash;
}

} // namespace

at::Tensor EmbeddingCache::find(const TrainingSlice& slice) const
{
    const auto [first, last] = m_entries.equal_range(fingerprint(slice));
    for (auto it = first; it != last; ++it)
        if (it->second.width == slice.width && it->second.height == slice.height &&
            it->second.rgb == slice.rgb)
            return it->second.embedding;
    return {};
}

void EmbeddingCache::insert(const TrainingSlice& slice, at::Tensor embedding)
{
    m_entries.emplace(fingerprint(slice), Entry{slice.width, slice.height, slice.rgb, std::move(embedding)});
}

} // namespace delineate::train::detail
