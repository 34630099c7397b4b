#include "tensorio/FiniteCheck.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace delineate::tensorio {

namespace {

// True when no element of `count` values of type Bits has all bits of `exponent` set (NaN or ±Inf).
// Chunks keep the inner loop branch-free (vectorised) while a bad tensor stops early.
template <typename Bits>
bool allFinite(const void* data, std::size_t count, Bits exponent)
{
    const auto* bytes = static_cast<const unsigned char*>(data);
    constexpr std::size_t kChunk = std::size_t(1) << 14;
    for (std::size_t start = 0; start < count; start += kChunk) {
        const std::size_t end = std::min(count, start + kChunk);
        unsigned bad = 0;
        for (std::size_t i = start; i < end; ++i) {
            Bits value;
            std::memcpy(&value, bytes + i * sizeof(Bits), sizeof(Bits));
            bad |= unsigned((value & exponent) == exponent);
        }
        if (bad)
            return false;
    }
    return true;
}

bool isFinite(const at::Tensor& tensor)
{
    const at::Tensor dense = tensor.contiguous();
    const void* data = dense.data_ptr();
    const auto count = static_cast<std::size_t>(dense.numel());
    switch (dense.scalar_type()) {
    case at::kFloat: return allFinite<std::uint32_t>(data, count, 0x7f800000u);
    case at::kDouble: return allFinite<std::uint64_t>(data, count, 0x7ff0000000000000ull);
    case at::kHalf: return allFinite<std::uint16_t>(data, count, 0x7c00u);
    case at::kBFloat16: return allFinite<std::uint16_t>(data, count, 0x7f80u);
    default: return true;
    }
}

} // namespace

Result<void> checkFinite(const StateDict& tensors, const std::string& path)
{
    for (const auto& [name, tensor] : tensors)
        if (tensor.defined() && tensor.numel() > 0 && !isFinite(tensor))
            return makeError(ErrorCode::CorruptData, path, "tensor " + name + " holds NaN or infinite values");
    return {};
}

} // namespace delineate::tensorio
