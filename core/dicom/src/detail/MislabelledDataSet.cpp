#include "detail/MislabelledDataSet.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmf.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

namespace delineate::dicom::detail {

namespace {

using Bytes = std::vector<unsigned char>;

constexpr std::size_t kPreamble = 132; // 128 bytes, then "DICM"

struct MetaHeader {
    std::string transferSyntax;
    std::size_t syntaxEnd = 0; // end of the (0002,0010) element, 0 when absent
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
        if (element == 0x0010) {
            meta.transferSyntax.assign(b.begin() + std::ptrdiff_t(at + header),
                                       b.begin() + std::ptrdiff_t(at + header + length));
            while (!meta.transferSyntax.empty() &&
                   (meta.transferSyntax.back() == '\0' || meta.transferSyntax.back() == ' '))
                meta.transferSyntax.pop_back();
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

// The fragments read under Implicit VR become the declared transfer syntax's representation again.
void restoreEncapsulation(DcmDataset& dataset, E_TransferSyntax declared)
{
    DcmElement* element = nullptr;
    if (dataset.findAndGetElement(DCM_PixelData, element).bad() || !element ||
        element->ident() != EVR_PixelData)
        return;
    auto* pixels = static_cast<DcmPixelData*>(element);
    DcmPixelSequence* fragments = nullptr;
    if (pixels->getEncapsulatedRepresentation(EXS_LittleEndianImplicit, nullptr, fragments).bad() ||
        !fragments)
        return; // native pixel data: it stays what it is
    pixels->putOriginalRepresentation(declared, nullptr, new DcmPixelSequence(*fragments));
    dataset.updateOriginalXfer();
}

// The first bytes of the file: enough for any meta header seen in practice.
Bytes readPrefix(const std::string& path)
{
    Bytes bytes(std::size_t(64) << 10);
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()));
    bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return bytes;
}

} // namespace

std::optional<Result<DicomFile>> readMislabelledDataSet(const std::string& path, std::uintmax_t fileSize,
                                                        std::uint32_t maxReadLength)
{
    const Bytes prefix = readPrefix(path);
    const std::optional<MetaHeader> meta = readMetaHeader(prefix);
    if (!meta || meta->syntaxEnd == 0 || !startsImplicit(prefix, meta->dataSetBegin))
        return std::nullopt;
    const DcmXfer declared(meta->transferSyntax.c_str());
    if (!declared.isEncapsulated())
        return std::nullopt;
    DcmInputFileStream stream(path.c_str(), static_cast<offile_off_t>(meta->dataSetBegin));
    if (stream.status().bad())
        return std::nullopt;
    auto dataset = std::make_unique<DcmDataset>();
    dataset->transferInit();
    const OFCondition status = dataset->read(stream, EXS_LittleEndianImplicit, EGL_noChange, maxReadLength);
    dataset->transferEnd();
    if (status.bad())
        return makeError(ErrorCode::CorruptData, path,
                         std::string("DICOM parsing failed (data set neither ") + declared.getXferName() +
                             " nor Implicit VR Little Endian): " + status.text());
    restoreEncapsulation(*dataset, declared.getXfer());
    DicomFile file;
    file.format = std::make_shared<DcmFileFormat>(dataset.release(), OFFalse);
    file.dataBytes = fileSize;
    file.note = std::string("data set encoded Implicit VR Little Endian although the meta header declares ") +
                declared.getXferName() + " (not conformant; read as pydicom does)";
    return file;
}

} // namespace delineate::dicom::detail
