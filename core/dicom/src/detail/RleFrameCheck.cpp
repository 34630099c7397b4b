#include "detail/RleFrameCheck.h"

#include "detail/EncapsulatedFrames.h"
#include "detail/ImageHeader.h"

#include <cstdint>
#include <string>
#include <vector>

namespace delineate::dicom::detail {

namespace {

std::uint32_t readUint32(const std::vector<std::uint8_t>& bytes, std::size_t at)
{
    return std::uint32_t(bytes[at]) | (std::uint32_t(bytes[at + 1]) << 8) |
           (std::uint32_t(bytes[at + 2]) << 16) | (std::uint32_t(bytes[at + 3]) << 24);
}

// Bytes the PackBits runs in bytes[begin, end) produce, stopping once `wanted` are reached.
std::size_t decodedLength(const std::vector<std::uint8_t>& bytes, std::size_t begin, std::size_t end,
                          std::size_t wanted)
{
    std::size_t produced = 0;
    std::size_t at = begin;
    while (at < end && produced < wanted) {
        const auto n = static_cast<std::int8_t>(bytes[at++]);
        if (n >= 0) {
            const std::size_t literal = std::min<std::size_t>(std::size_t(n) + 1, end - at);
            produced += literal;
            at += literal;
        } else if (n != -128) {
            if (at >= end)
                break;
            produced += std::size_t(1 - n);
            ++at;
        }
    }
    return produced;
}

Result<void> checkFrame(const std::vector<std::uint8_t>& frame, std::size_t index, const ImageHeader& h)
{
    const std::string where = "RLE frame " + std::to_string(index + 1);
    const std::uint32_t segments = frame.size() >= 64 ? readUint32(frame, 0) : 0;
    const auto expected = std::uint32_t(h.samplesPerPixel * (h.bitsAllocated / 8));
    if (frame.size() < 64 || segments != expected)
        return makeError(ErrorCode::CorruptData, h.path,
                         where + " has " +
                             (frame.size() < 64 ? std::string("no complete header")
                                                : std::to_string(segments) + " segments, expected " +
                                                      std::to_string(expected)));
    const std::size_t wanted = std::size_t(h.rows) * std::size_t(h.columns);
    for (std::uint32_t s = 0; s < segments; ++s) {
        const std::size_t begin = readUint32(frame, 4 + 4 * s);
        const std::size_t end = s + 1 < segments ? readUint32(frame, 8 + 4 * s) : frame.size();
        if (begin < 64 || begin > end || end > frame.size())
            return makeError(ErrorCode::CorruptData, h.path,
                             where + ": segment " + std::to_string(s + 1) + " lies outside the frame's data");
        const std::size_t produced = decodedLength(frame, begin, end, wanted);
        if (produced < wanted)
            return makeError(ErrorCode::CorruptData, h.path,
                             where + ": segment " + std::to_string(s + 1) + " decodes to " +
                                 std::to_string(produced) + " of " + std::to_string(wanted) +
                                 " bytes (truncated or corrupt)");
    }
    return {};
}

} // namespace

bool isRleLossless(const std::string& transferSyntaxUid)
{
    return transferSyntaxUid == "1.2.840.10008.1.2.5";
}

Result<void> checkRleFrames(DcmDataset& dataset, const ImageHeader& header)
{
    auto frames = splitFrames(dataset, header);
    if (!frames)
        return frames.error();
    for (std::size_t f = 0; f < frames->size(); ++f)
        if (auto checked = checkFrame((*frames)[f], f, header); !checked)
            return checked;
    return {};
}

} // namespace delineate::dicom::detail
