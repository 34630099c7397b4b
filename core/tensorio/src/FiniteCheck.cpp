#include "tensorio/FiniteCheck.h"

#include "FiniteBits.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace delineate::tensorio {

namespace detail {

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
template <typename Bits> bool allFinite(const void* data, std::size_t count, Bits exponent, Bits unit)
{
    const auto* bytes = static_cast<const unsigned char*>(data);
    const Bits sign = Bits(Bits(1) << (8 * sizeof(Bits) - 1));
    constexpr std::size_t kBlock = 4096;
    for (std::size_t start = 0; start < count; start += kBlock)
        if (exponentCarries(bytes, start, std::min(count, start + kBlock), exponent, unit) & sign)
            return false;
    return true;
}

} // namespace

std::size_t floatLayoutSize(FloatLayout layout)
{
    switch (layout) {
    case FloatLayout::Half:
    case FloatLayout::BFloat16:
        return 2;
    case FloatLayout::Float:
        return 4;
    case FloatLayout::Double:
        return 8;
    case FloatLayout::None:
        break;
    }
    return 1;
}

bool holdsNonFinite(const void* data, std::size_t bytes, FloatLayout layout)
{
    const std::size_t count = bytes / floatLayoutSize(layout);
    switch (layout) {
    case FloatLayout::Float:
        return !allFinite<std::uint32_t>(data, count, 0x7f800000u, 0x00800000u);
    case FloatLayout::Double:
        return !allFinite<std::uint64_t>(data, count, 0x7ff0000000000000ull, 0x0010000000000000ull);
    case FloatLayout::Half:
        return !allFinite<std::uint16_t>(data, count, 0x7c00, 0x0400);
    case FloatLayout::BFloat16:
        return !allFinite<std::uint16_t>(data, count, 0x7f80, 0x0080);
    case FloatLayout::None:
        break;
    }
    return false;
}

FloatLayout floatLayoutOf(c10::ScalarType type)
{
    switch (type) {
    case at::kFloat:
        return FloatLayout::Float;
    case at::kDouble:
        return FloatLayout::Double;
    case at::kHalf:
        return FloatLayout::Half;
    case at::kBFloat16:
        return FloatLayout::BFloat16;
    default:
        return FloatLayout::None;
    }
}

} // namespace detail

namespace {

bool isFinite(const at::Tensor& tensor)
{
    const at::Tensor dense = tensor.contiguous();
    const detail::FloatLayout layout = detail::floatLayoutOf(dense.scalar_type());
    if (layout == detail::FloatLayout::None)
        return true;
    const auto count = static_cast<std::size_t>(dense.numel());
    return !detail::holdsNonFinite(dense.data_ptr(), count * detail::floatLayoutSize(layout), layout);
}

} // namespace

Result<void> checkFinite(const StateDict& tensors, const std::string& path)
{
    for (const auto& [name, tensor] : tensors)
        if (tensor.defined() && tensor.numel() > 0 && !isFinite(tensor))
            return makeError(ErrorCode::CorruptData, path,
                             "tensor " + name + " holds NaN or infinite values");
    return {};
}

} // namespace delineate::tensorio
