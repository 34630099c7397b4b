#include "detail/MislabelledDataSet.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

namespace delineate::dicom::detail {

namespace {

using Bytes = std::vector<unsigned char>;

constexpr std::size_t kPreamble = 132; // 128 bytes, then "DICM"

struct MetaHeader {
    std::string transferSyntax;
    std::size_t groupLengthValue = 0;             // offset of the (0002,0000) value, 0 when absent
    std::size_t syntaxBegin = 0, syntaxEnd = 0;   // the (0002,0010) element
    std::size_t dataSetBegin = 0;
};

unsigned le16(const Bytes& b, std::size_t at)
{
    return unsigned(b[at]) | unsigned(b[at + 1]) << 8;
}

std::uint32_t le32(const Bytes& b, std::size_t at)
{
    return std::uint32_t(le16(b, at)) | std::uint32_t(le16(b, at + 2)) << 16;
}

// VRs with two reserved bytes and a 32-bit length in Explicit VR (PS3.5 7.1.2).
bool hasLongLength(const unsigned char* vr)
{
    static const char* const vrs[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT"};
    for (const char* candidate : vrs)
        if (std::memcmp(vr, candidate, 2) == 0)
            return true;
    return false;
}

// The group 0002 elements (always Explicit VR Little Endian) after the preamble.
std::optional<MetaHeader> readMetaHeader(const Bytes& b)
{
    if (b.size() < kPreamble || std::memcmp(b.data() + 128, "DICM", 4) != 0)
        return std::nullopt;
    MetaHeader meta;
    std::size_t at = kPreamble;
    while (at + 8 <= b.size() && le16(b, at) == 0x0002) {
        const bool longForm = hasLongLength(b.data() + at + 4);
        const std::size_t header = longForm ? 12 : 8;
        if (at + header > b.size())
            return std::nullopt;
        const std::uint64_t length = longForm ? le32(b, at + 8) : le16(b, at + 6);
        if (length > b.size() - at - header)
            return std::nullopt;
        const unsigned element = le16(b, at + 2);
        if (element == 0x0000 && length == 4)
            meta.groupLengthValue = at + header;
        if (element == 0x0010) {
            meta.transferSyntax.assign(b.begin() + std::ptrdiff_t(at + header),
                                       b.begin() + std::ptrdiff_t(at + header + length));
            while (!meta.transferSyntax.empty() &&
                   (meta.transferSyntax.back() == '\0' || meta.transferSyntax.back() == ' '))
                meta.transferSyntax.pop_back();
            meta.syntaxBegin = at;
            meta.syntaxEnd = at + header + std::size_t(length);
        }
        at += header + std::size_t(length);
    }
    meta.dataSetBegin = at;
    return meta;
}

// An Explicit VR element has two upper-case letters after its tag; Implicit VR has length bytes there.
bool startsImplicit(const Bytes& b, std::size_t at)
{
    const auto upper = [](unsigned char c) { return c >= 'A' && c <= 'Z'; };
    return at + 8 <= b.size() && !(upper(b[at + 4]) && upper(b[at + 5]));
}

// The meta header with (0002,0010) = Implicit VR Little Endian and its group length updated.
Bytes withImplicitSyntax(Bytes bytes, const MetaHeader& meta)
{
    // (0002,0010) UI, length 18: "1.2.840.10008.1.2" padded with one NUL.
    static const std::string element = std::string("\x02\x00\x10\x00UI\x12\x00", 8) + "1.2.840.10008.1.2" +
                                       std::string(1, '\0');
    const std::size_t removed = meta.syntaxEnd - meta.syntaxBegin;
    bytes.erase(bytes.begin() + std::ptrdiff_t(meta.syntaxBegin), bytes.begin() + std::ptrdiff_t(meta.syntaxEnd));
    bytes.insert(bytes.begin() + std::ptrdiff_t(meta.syntaxBegin), element.begin(), element.end());
    if (meta.groupLengthValue && meta.groupLengthValue < meta.syntaxBegin) {
        const std::uint32_t length = le32(bytes, meta.groupLengthValue) - std::uint32_t(removed) +
                                     std::uint32_t(element.size());
        for (int k = 0; k < 4; ++k)
            bytes[meta.groupLengthValue + std::size_t(k)] = static_cast<unsigned char>(length >> (8 * k));
    }
    return bytes;
}

// The fragments read under Implicit VR become the declared transfer syntax's representation again.
void restoreEncapsulation(DcmDataset& dataset, E_TransferSyntax declared)
{
    DcmElement* element = nullptr;
    if (dataset.findAndGetElement(DCM_PixelData, element).bad() || !element || element->ident() != EVR_PixelData)
        return;
    auto* pixels = static_cast<DcmPixelData*>(element);
    DcmPixelSequence* fragments = nullptr;
    if (pixels->getEncapsulatedRepresentation(EXS_LittleEndianImplicit, nullptr, fragments).bad() || !fragments)
        return; // native pixel data: it stays what it is
    pixels->putOriginalRepresentation(declared, nullptr, new DcmPixelSequence(*fragments));
    dataset.updateOriginalXfer();
}

std::optional<Bytes> readWhole(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (!in || size < 0 || std::uintmax_t(size) > kMaxInflatedBytes)
        return std::nullopt;
    in.seekg(0);
    Bytes bytes(static_cast<std::size_t>(size));
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
        return std::nullopt;
    return bytes;
}

} // namespace

std::optional<Result<DicomFile>> readMislabelledDataSet(const std::string& path)
{
    std::optional<Bytes> bytes = readWhole(path);
    if (!bytes)
        return std::nullopt;
    const std::optional<MetaHeader> meta = readMetaHeader(*bytes);
    if (!meta || meta->syntaxEnd == 0 || !startsImplicit(*bytes, meta->dataSetBegin))
        return std::nullopt;
    const DcmXfer declared(meta->transferSyntax.c_str());
    if (!declared.isEncapsulated())
        return std::nullopt;
    Result<DicomFile> file = parseDicomBuffer(path, withImplicitSyntax(std::move(*bytes), *meta));
    if (!file)
        return file;
    restoreEncapsulation(file->dataset(), declared.getXfer());
    file->note = std::string("data set encoded Implicit VR Little Endian although the meta header declares ") +
                 declared.getXferName() + " (not conformant; read as pydicom does)";
    return file;
}

} // namespace delineate::dicom::detail
