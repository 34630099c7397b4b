#include "tensorio/FiniteCheck.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace delineate::tensorio {

namespace {

// Adding one to the exponent field carries into the sign bit exactly when the exponent is all ones (NaN or
// ±Inf): OR-ing (value & exponent) + unit over values [begin, end) and testing the sign bit finds them with
// AND, ADD and OR only, which vectorise on every x86-64 (no compare or unsigned max needed).
template <typename Bits>
Bits exponentCarries(const unsigned char* bytes, std::size_t begin, std::size_t end, Bits exponent, Bits unit)
{
    Bits carries = 0;
    for (std::size_t i = begin; i < end; ++i) {
        Bits value;
        std::memcpy(&value, bytes + i * sizeof(Bits), sizeof(Bits));
        carries |= Bits(Bits(value & exponent) + unit);
    }
    return carries;
}

// True when none of `count` values has an all-ones exponent; a bad tensor stops at the block that shows it.
template <typename Bits>
bool allFinite(const void* data, std::size_t count, Bits exponent, Bits unit)
{
    const auto* bytes = static_cast<const unsigned char*>(data);
    const Bits sign = Bits(Bits(1) << (8 * sizeof(Bits) - 1));
    constexpr std::size_t kBlock = 4096;
    for (std::size_t start = 0; start < count; start += kBlock)
        if (exponentCarries(bytes, start, std::min(count, start + kBlock), exponent, unit) & sign)
            return false;
    return true;
}

bool isFinite(const at::Tensor& tensor)
{
    const at::Tensor dense = tensor.contiguous();
    const void* data = dense.data_ptr();
    const auto count = static_cast<std::size_t>(dense.numel());
    switch (dense.scalar_type()) {
    case at::kFloat: return allFinite<std::uint32_t>(data, count, 0x7f800000u, 0x00800000u);
    case at::kDouble: return allFinite<std::uint64_t>(data, count, 0x7ff0000000000000ull, 0x0010000000000000ull);
    case at::kHalf: return allFinite<std::uint16_t>(data, count, 0x7c00, 0x0400);
    case at::kBFloat16: return allFinite<std::uint16_t>(data, count, 0x7f80, 0x0080);
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
