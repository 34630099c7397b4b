#pragma once
// Small, total accessors for DCMTK items: missing or malformed values come back as std::nullopt or "",
// never as exceptions or crashes.

#include <array>
#include <optional>
#include <string>

class DcmItem;
class DcmTagKey;

namespace delineate::dicom::detail {

// Trimmed string value (all values joined with '\' when `allValues`), "" when absent.
[[nodiscard]] std::string stringValue(DcmItem& item, const DcmTagKey& tag, bool allValues = false);

// Numeric value number `index` of a DS/IS/US/FD... element.
[[nodiscard]] std::optional<double> numberValue(DcmItem& item, const DcmTagKey& tag, unsigned long index = 0);

// Exactly N finite numbers, or nullopt.
template <std::size_t N>
[[nodiscard]] std::optional<std::array<double, N>> numberArray(DcmItem& item, const DcmTagKey& tag)
{
    std::array<double, N> values{};
    for (std::size_t i = 0; i < N; ++i) {
        const auto value = numberValue(item, tag, static_cast<unsigned long>(i));
        if (!value)
            return std::nullopt;
        values[i] = *value;
    }
    return values;
}

// An unsigned 16-bit value (US), nullopt when absent.
[[nodiscard]] std::optional<int> ushortValue(DcmItem& item, const DcmTagKey& tag);

// An integer string (IS) that must be all digits: nullopt when absent, -1 when present but malformed.
[[nodiscard]] std::optional<long> strictInteger(DcmItem& item, const DcmTagKey& tag);

// First item of a sequence, nullptr when absent or empty.
[[nodiscard]] DcmItem* firstItem(DcmItem& item, const DcmTagKey& sequenceTag);

} // namespace delineate::dicom::detail
