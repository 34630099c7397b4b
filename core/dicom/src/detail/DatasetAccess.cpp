#include "detail/DatasetAccess.h"

#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace delineate::dicom::detail {

std::string stringValue(DcmItem& item, const DcmTagKey& tag, bool allValues)
{
    OFString value;
    const OFCondition status =
        allValues ? item.findAndGetOFStringArray(tag, value) : item.findAndGetOFString(tag, value);
    if (status.bad())
        return {};
    std::string text(value.c_str());
    const auto first = text.find_first_not_of(" \t\r\n");
    const auto last = text.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

std::optional<double> numberValue(DcmItem& item, const DcmTagKey& tag, unsigned long index)
{
    Float64 value = 0.0;
    if (item.findAndGetFloat64(tag, value, index).good() && std::isfinite(value))
        return value;
    // IS and US elements do not convert to Float64 in every DCMTK version: parse the text instead.
    OFString text;
    if (item.findAndGetOFString(tag, text, index).bad() || text.empty())
        return std::nullopt;
    char* end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !std::isfinite(parsed))
        return std::nullopt;
    while (*end == ' ')
        ++end;
    return *end == '\0' ? std::optional<double>(parsed) : std::nullopt;
}

std::optional<int> ushortValue(DcmItem& item, const DcmTagKey& tag)
{
    Uint16 value = 0;
    if (item.findAndGetUint16(tag, value).bad())
        return std::nullopt;
    return int(value);
}

std::optional<long> strictInteger(DcmItem& item, const DcmTagKey& tag)
{
    if (!item.tagExistsWithValue(tag))
        return std::nullopt;
    const std::string text = stringValue(item, tag);
    if (text.empty() || text.size() > 9)
        return -1;
    std::size_t start = text[0] == '+' ? 1 : 0;
    if (start == text.size())
        return -1;
    for (std::size_t i = start; i < text.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return -1;
    }
    return std::strtol(text.c_str(), nullptr, 10);
}

DcmItem* firstItem(DcmItem& item, const DcmTagKey& sequenceTag)
{
    DcmItem* first = nullptr;
    if (item.findAndGetSequenceItem(sequenceTag, first, 0).bad())
        return nullptr;
    return first;
}

} // namespace delineate::dicom::detail
