#include "detail/EncapsulatedFrames.h"

#include "detail/ImageHeader.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>

namespace delineate::dicom::detail {

namespace {

struct Fragment {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    std::uint64_t offset = 0; // of its item tag, from the first fragment's item tag (offset table units)
};

Result<std::vector<Fragment>> fragmentsOf(DcmPixelSequence& sequence, std::vector<std::uint32_t>& offsetTable,
                                          const std::string& path)
{
    std::vector<Fragment> fragments;
    std::uint64_t offset = 0;
    for (unsigned long i = 0; i < sequence.card(); ++i) {
        DcmPixelItem* item = nullptr;
        Uint8* bytes = nullptr;
        if (sequence.getItem(item, i).bad() || !item)
            return makeError(ErrorCode::CorruptData, path, "compressed pixel data item is unreadable");
        const std::size_t length = item->getLength();
        if (length > 0 && (item->getUint8Array(bytes).bad() || !bytes))
            return makeError(ErrorCode::CorruptData, path, "compressed pixel data item is unreadable");
        if (i == 0) { // Basic Offset Table: little-endian 32-bit offsets
            for (std::size_t b = 0; b + 3 < length; b += 4)
                offsetTable.push_back(std::uint32_t(bytes[b]) | std::uint32_t(bytes[b + 1]) << 8 |
                                      std::uint32_t(bytes[b + 2]) << 16 | std::uint32_t(bytes[b + 3]) << 24);
            continue;
        }
        fragments.push_back({bytes, length, offset});
        offset += 8 + length;
    }
    return fragments;
}

std::vector<std::uint8_t> concatenate(const std::vector<Fragment>& fragments, std::size_t first,
                                      std::size_t end)
{
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = first; i < end; ++i)
        bytes.insert(bytes.end(), fragments[i].data, fragments[i].data + fragments[i].size);
    return bytes;
}

} // namespace

Result<std::vector<std::vector<std::uint8_t>>> splitFrames(DcmDataset& dataset, const ImageHeader& h)
{
    DcmElement* element = nullptr;
    DcmPixelSequence* sequence = nullptr;
    if (dataset.findAndGetElement(DCM_PixelData, element).bad() || !element ||
        static_cast<DcmPixelData*>(element)
            ->getEncapsulatedRepresentation(dataset.getOriginalXfer(), nullptr, sequence)
            .bad() ||
        !sequence)
        return makeError(ErrorCode::CorruptData, h.path, "compressed pixel data has no fragments");
    std::vector<std::uint32_t> offsetTable;
    auto fragments = fragmentsOf(*sequence, offsetTable, h.path);
    if (!fragments)
        return fragments.error();
    const std::vector<Fragment>& all = *fragments;
    const std::size_t frames = std::size_t(h.frames);
    std::vector<std::vector<std::uint8_t>> result;
    if (frames == 1) {
        result.push_back(concatenate(all, 0, all.size()));
    } else if (all.size() == frames) {
        for (std::size_t f = 0; f < frames; ++f)
            result.push_back(concatenate(all, f, f + 1));
    } else if (offsetTable.size() == frames) {
        std::vector<std::size_t> starts;
        for (std::uint32_t offset : offsetTable) {
            std::size_t index = 0;
            while (index < all.size() && all[index].offset != offset)
                ++index;
            if (index == all.size() || (!starts.empty() && index <= starts.back()))
                return makeError(ErrorCode::CorruptData, h.path,
                                 "Basic Offset Table does not match the fragments");
            starts.push_back(index);
        }
        for (std::size_t f = 0; f < frames; ++f)
            result.push_back(concatenate(all, starts[f], f + 1 < frames ? starts[f + 1] : all.size()));
    } else {
        return makeError(ErrorCode::CorruptData, h.path,
                         std::to_string(frames) + " frames in " + std::to_string(all.size()) +
                             " fragments without a usable Basic Offset Table");
    }
    return result;
}

} // namespace delineate::dicom::detail
