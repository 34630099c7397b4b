#include "NiftiHeader.h"

#include "GzFile.h"
#include "image/Volume.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace delineate::io::detail {

namespace {

// Reads little- or big-endian values at byte offsets of a header.
class FieldReader {
public:
    FieldReader(const unsigned char* bytes, bool swap) : m_bytes(bytes), m_swap(swap) {}

    template <typename T> T get(std::size_t offset) const
    {
        unsigned char raw[sizeof(T)];
        std::memcpy(raw, m_bytes + offset, sizeof(T));
        if (m_swap)
            std::reverse(raw, raw + sizeof(T));
        T value;
        std::memcpy(&value, raw, sizeof(T));
        return value;
    }
    std::string text(std::size_t offset, std::size_t length) const
    {
        const auto* begin = reinterpret_cast<const char*>(m_bytes + offset);
        return std::string(begin, strnlen(begin, length));
    }

private:
    const unsigned char* m_bytes;
    bool m_swap;
};

template <typename T> void put(std::vector<unsigned char>& bytes, std::size_t offset, T value)
{
    std::memcpy(bytes.data() + offset, &value, sizeof(T));
}

void putText(std::vector<unsigned char>& bytes, std::size_t offset, std::size_t length,
             const std::string& text)
{
    std::memcpy(bytes.data() + offset, text.data(), std::min(length - 1, text.size()));
}

void parseVersion1(const FieldReader& f, NiftiHeader& h)
{
    for (int i = 0; i < 8; ++i) {
        h.dim[i] = f.get<std::int16_t>(40 + 2 * i);
        h.pixdim[i] = f.get<float>(76 + 4 * i);
    }
    h.intentCode = f.get<std::int16_t>(68);
    h.datatype = f.get<std::int16_t>(70);
    h.bitpix = f.get<std::int16_t>(72);
    const float offset =
        f.get<float>(108); // a float in NIfTI-1; NaN or absurd values mark the header invalid
    h.voxOffset =
        std::isfinite(offset) && offset >= 0 && offset < 1e12f ? static_cast<std::int64_t>(offset) : -1;
    h.sclSlope = f.get<float>(112);
    h.sclInter = f.get<float>(116);
    h.xyztUnits = f.get<std::uint8_t>(123);
    h.calMax = f.get<float>(124);
    h.calMin = f.get<float>(128);
    h.description = f.text(148, 80);
    h.qformCode = f.get<std::int16_t>(252);
    h.sformCode = f.get<std::int16_t>(254);
    h.quaternB = f.get<float>(256);
    h.quaternC = f.get<float>(260);
    h.quaternD = f.get<float>(264);
    for (int i = 0; i < 3; ++i)
        h.qoffset[i] = f.get<float>(268 + 4 * i);
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c)
            h.srow[r][c] = f.get<float>(280 + 16 * r + 4 * c);
}

void parseVersion2(const FieldReader& f, NiftiHeader& h)
{
    h.datatype = f.get<std::int16_t>(12);
    h.bitpix = f.get<std::int16_t>(14);
    for (int i = 0; i < 8; ++i) {
        h.dim[i] = f.get<std::int64_t>(16 + 8 * i);
        h.pixdim[i] = f.get<double>(104 + 8 * i);
    }
    h.voxOffset = f.get<std::int64_t>(168);
    h.sclSlope = f.get<double>(176);
    h.sclInter = f.get<double>(184);
    h.calMax = f.get<double>(192);
    h.calMin = f.get<double>(200);
    h.description = f.text(240, 80);
    h.qformCode = f.get<std::int32_t>(344);
    h.sformCode = f.get<std::int32_t>(348);
    h.quaternB = f.get<double>(352);
    h.quaternC = f.get<double>(360);
    h.quaternD = f.get<double>(368);
    for (int i = 0; i < 3; ++i)
        h.qoffset[i] = f.get<double>(376 + 8 * i);
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c)
            h.srow[r][c] = f.get<double>(400 + 32 * r + 8 * c);
    h.xyztUnits = f.get<std::int32_t>(500);
    h.intentCode = f.get<std::int32_t>(504);
}

// The 4 magic bytes as a quoted C string ("n+1\0" -> "n+1", others escaped as \xNN).
std::string printableMagic(const std::string& magic)
{
    std::string out = "\"";
    const std::size_t end = magic.find('\0') == 3 ? 3 : magic.size();
    for (std::size_t i = 0; i < end; ++i) {
        const auto c = static_cast<unsigned char>(magic[i]);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out += static_cast<char>(c);
        } else {
            const char* hex = "0123456789abcdef";
            out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
        }
    }
    return out + "\"";
}

} // namespace

std::int64_t NiftiHeader::frameVoxels() const
{
    std::int64_t count = 1;
    for (int d = 1; d <= std::min<std::int64_t>(3, dim[0]); ++d)
        count *= std::max<std::int64_t>(1, dim[d]);
    return count;
}

std::int64_t NiftiHeader::frameCount() const
{
    std::int64_t count = 1;
    for (int d = 4; d <= std::min<std::int64_t>(7, dim[0]); ++d)
        count *= std::max<std::int64_t>(1, dim[d]);
    return count;
}

int NiftiHeader::bytesPerVoxel() const
{
    switch (datatype) {
    case kNiftiUInt8:
    case kNiftiInt8:
        return 1;
    case kNiftiInt16:
    case kNiftiUInt16:
        return 2;
    case kNiftiRgb24:
        return 3;
    case kNiftiInt32:
    case kNiftiUInt32:
    case kNiftiFloat32:
    case kNiftiRgba32:
        return 4;
    case kNiftiFloat64:
    case kNiftiInt64:
    case kNiftiUInt64:
    case kNiftiComplex64:
        return 8;
    default:
        return 0;
    }
}

int NiftiHeader::samplesPerVoxel() const
{
    return datatype == kNiftiRgb24 ? 3 : datatype == kNiftiRgba32 ? 4 : 1;
}

bool NiftiHeader::scaled() const
{
    return std::isfinite(sclSlope) && std::isfinite(sclInter) && sclSlope != 0 &&
           (sclSlope != 1 || sclInter != 0);
}

Result<NiftiHeader> NiftiHeader::parse(const unsigned char* bytes, std::size_t size, const std::string& path)
{
    if (size < 348)
        return makeError(ErrorCode::CorruptData, path,
                         "file too short for a NIfTI header (" + std::to_string(size) + " bytes)");
    NiftiHeader h;
    std::int32_t sizeofHeader = 0;
    std::memcpy(&sizeofHeader, bytes, 4);
    bool swap = false;
    if (sizeofHeader != 348 && sizeofHeader != 540) {
        FieldReader swapped(bytes, true);
        sizeofHeader = swapped.get<std::int32_t>(0);
        swap = true;
    }
    if (sizeofHeader != 348 && sizeofHeader != 540)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "not a NIfTI file (header size field is neither 348 nor 540)");
    h.bigEndian = swap != (std::endian::native == std::endian::big);
    FieldReader f(bytes, swap);
    if (sizeofHeader == 540) {
        if (size < 540)
            return makeError(ErrorCode::CorruptData, path, "file too short for a NIfTI-2 header");
        const std::string magic = f.text(4, 4);
        if (magic != "n+2" && magic != "ni2")
            return makeError(ErrorCode::CorruptData, path, "NIfTI-2 header without a valid magic string");
        h.version = 2;
        h.singleFile = magic == "n+2";
        parseVersion2(f, h);
    } else {
        const std::string magic = f.text(344, 4);
        // A .nii is a single NIfTI-1 file by definition: a garbled magic there is damage, not an
        // ANALYZE 7.5 header pair (whose image would be looked for in FILE.nii.img).
        const bool niiName = endsWithNoCase(path, ".nii") || endsWithNoCase(path, ".nii.gz");
        if (niiName && magic != "n+1" && magic != "ni1")
            return makeError(ErrorCode::CorruptData, path,
                             "bad NIfTI magic " + printableMagic(magic) + " at byte 344 (expected \"n+1\")");
        h.version = 1;
        h.singleFile = magic == "n+1";
        h.analyze = magic != "n+1" && magic != "ni1";
        parseVersion1(f, h);
        if (h.analyze) { // ANALYZE 7.5: no transforms
            h.qformCode = h.sformCode = 0;
            h.sclSlope = h.sclInter = 0;
            h.singleFile = false;
        }
    }
    if (h.singleFile && h.voxOffset >= 0 && h.voxOffset < static_cast<std::int64_t>(h.headerSize()))
        h.voxOffset = static_cast<std::int64_t>(h.headerSize()); // tolerated by niftilib and nibabel
    if (auto valid = h.validate(path); !valid)
        return valid.error();
    return h;
}

Result<NiftiHeader> NiftiHeader::read(const std::string& path)
{
    GzFile file;
    if (!file.open(path, GzFile::Mode::Read))
        return makeError(ErrorCode::ReadFailed, path, "cannot open: " + file.lastError());
    unsigned char bytes[540] = {};
    const std::size_t got = file.read(bytes, sizeof bytes);
    return parse(bytes, got, path);
}

Result<void> NiftiHeader::validate(const std::string& path) const
{
    if (dim[0] < 1 || dim[0] > 7)
        return makeError(ErrorCode::CorruptData, path,
                         "invalid number of dimensions " + std::to_string(dim[0]));
    std::int64_t total = 1;
    for (int d = 1; d <= dim[0]; ++d) {
        if (dim[d] < 1)
            return makeError(ErrorCode::CorruptData, path,
                             "invalid size " + std::to_string(dim[d]) + " in dimension " + std::to_string(d));
        if (dim[d] > image::kMaxElements || total > image::kMaxElements / dim[d])
            return makeError(ErrorCode::TooLarge, path, "image dimensions are absurdly large");
        total *= dim[d];
    }
    const int bytes = bytesPerVoxel();
    if (bytes == 0 || datatype == kNiftiComplex64)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "unsupported NIfTI datatype " + niftiDataTypeName(datatype));
    if (bitpix != 0 && bitpix != bytes * 8)
        return makeError(ErrorCode::CorruptData, path,
                         "bitpix " + std::to_string(bitpix) + " does not match datatype " +
                             niftiDataTypeName(datatype));
    if (voxOffset < 0 || (!singleFile && voxOffset > (std::int64_t(1) << 40)))
        return makeError(ErrorCode::CorruptData, path, "invalid data offset " + std::to_string(voxOffset));
    for (int d = 0; d < 8; ++d)
        if (!std::isfinite(pixdim[d]))
            return makeError(ErrorCode::CorruptData, path, "voxel size is not a finite number");
    if (qformCode < 0 || qformCode > 5 || sformCode < 0 || sformCode > 5)
        return makeError(ErrorCode::CorruptData, path, "invalid qform/sform code");
    return {};
}

std::vector<unsigned char> NiftiHeader::serialize() const
{
    const std::size_t size = headerSize();
    std::vector<unsigned char> b(std::max<std::size_t>(size + 4, static_cast<std::size_t>(voxOffset)), 0);
    if (version == 2) {
        put<std::int32_t>(b, 0, 540);
        const char magic[8] = {'n', '+', '2', '\0', '\r', '\n', '\032', '\n'};
        std::memcpy(b.data() + 4, magic, 8);
        put<std::int16_t>(b, 12, static_cast<std::int16_t>(datatype));
        put<std::int16_t>(b, 14, static_cast<std::int16_t>(bitpix));
        for (int i = 0; i < 8; ++i) {
            put<std::int64_t>(b, 16 + 8 * i, dim[i]);
            put<double>(b, 104 + 8 * i, pixdim[i]);
        }
        put<std::int64_t>(b, 168, voxOffset);
        put<double>(b, 176, sclSlope);
        put<double>(b, 184, sclInter);
        put<double>(b, 192, calMax);
        put<double>(b, 200, calMin);
        putText(b, 240, 80, description);
        put<std::int32_t>(b, 344, qformCode);
        put<std::int32_t>(b, 348, sformCode);
        put<double>(b, 352, quaternB);
        put<double>(b, 360, quaternC);
        put<double>(b, 368, quaternD);
        for (int i = 0; i < 3; ++i)
            put<double>(b, 376 + 8 * i, qoffset[i]);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 4; ++c)
                put<double>(b, 400 + 32 * r + 8 * c, srow[r][c]);
        put<std::int32_t>(b, 500, xyztUnits);
        put<std::int32_t>(b, 504, intentCode);
        return b;
    }
    put<std::int32_t>(b, 0, 348);
    b[38] = 'r'; // "regular", as ANALYZE readers expect
    for (int i = 0; i < 8; ++i) {
        put<std::int16_t>(b, 40 + 2 * i, static_cast<std::int16_t>(dim[i]));
        put<float>(b, 76 + 4 * i, static_cast<float>(pixdim[i]));
    }
    put<std::int16_t>(b, 68, static_cast<std::int16_t>(intentCode));
    put<std::int16_t>(b, 70, static_cast<std::int16_t>(datatype));
    put<std::int16_t>(b, 72, static_cast<std::int16_t>(bitpix));
    put<float>(b, 108, static_cast<float>(voxOffset));
    put<float>(b, 112, static_cast<float>(sclSlope));
    put<float>(b, 116, static_cast<float>(sclInter));
    b[123] = static_cast<unsigned char>(xyztUnits);
    put<float>(b, 124, static_cast<float>(calMax));
    put<float>(b, 128, static_cast<float>(calMin));
    putText(b, 148, 80, description);
    put<std::int16_t>(b, 252, static_cast<std::int16_t>(qformCode));
    put<std::int16_t>(b, 254, static_cast<std::int16_t>(sformCode));
    put<float>(b, 256, static_cast<float>(quaternB));
    put<float>(b, 260, static_cast<float>(quaternC));
    put<float>(b, 264, static_cast<float>(quaternD));
    for (int i = 0; i < 3; ++i)
        put<float>(b, 268 + 4 * i, static_cast<float>(qoffset[i]));
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c)
            put<float>(b, 280 + 16 * r + 4 * c, static_cast<float>(srow[r][c]));
    std::memcpy(b.data() + 344, "n+1", 4);
    return b;
}

std::string niftiDataTypeName(int datatype)
{
    switch (datatype) {
    case kNiftiUInt8:
        return "uint8";
    case kNiftiInt8:
        return "int8";
    case kNiftiInt16:
        return "int16";
    case kNiftiUInt16:
        return "uint16";
    case kNiftiInt32:
        return "int32";
    case kNiftiUInt32:
        return "uint32";
    case kNiftiInt64:
        return "int64";
    case kNiftiUInt64:
        return "uint64";
    case kNiftiFloat32:
        return "float32";
    case kNiftiFloat64:
        return "float64";
    case kNiftiComplex64:
        return "complex64";
    case kNiftiRgb24:
        return "rgb24";
    case kNiftiRgba32:
        return "rgba32";
    default:
        return "code " + std::to_string(datatype);
    }
}

std::string niftiDataFile(const std::string& headerPath, const NiftiHeader& header)
{
    if (header.singleFile)
        return headerPath;
    std::string stem = headerPath;
    if (endsWithNoCase(stem, ".gz"))
        stem.resize(stem.size() - 3);
    if (endsWithNoCase(stem, ".hdr"))
        stem.resize(stem.size() - 4);
    for (const char* suffix : {".img", ".img.gz", ".IMG", ".IMG.gz"})
        if (fileSize(stem + suffix) >= 0)
            return stem + suffix;
    return stem + ".img";
}

} // namespace delineate::io::detail
