#include "detail/DicomFileReader.h"

#include "detail/DcmtkRuntime.h"
#include "detail/MislabelledDataSet.h"

#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>
#include <zlib.h>

namespace delineate::dicom::detail {

namespace {

namespace fs = std::filesystem;

bool isPlausibleFirstGroup(unsigned group)
{
    return group == 0x0002 || group == 0x0008;
}

bool isGzip(const unsigned char* bytes, std::size_t count)
{
    return count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

std::vector<unsigned char> readPrefix(const std::string& path, std::size_t count)
{
    std::vector<unsigned char> prefix(count);
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(prefix.data()), static_cast<std::streamsize>(count));
    prefix.resize(in ? count : static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return prefix;
}

Result<std::vector<unsigned char>> inflateFile(const std::string& path)
{
    gzFile in = gzopen(path.c_str(), "rb");
    if (!in)
        return makeError(ErrorCode::ReadFailed, path, "cannot open gzip file");
    std::vector<unsigned char> data(132);
    const int head = gzread(in, data.data(), static_cast<unsigned>(data.size()));
    if (head <= 0 || !looksLikeDicom(data.data(), static_cast<std::size_t>(head))) {
        gzclose(in);
        return makeError(ErrorCode::UnsupportedFormat, path, "gzip file does not contain DICOM data");
    }
    data.resize(static_cast<std::size_t>(head));
    std::vector<unsigned char> chunk(1 << 20);
    for (;;) {
        const int n = gzread(in, chunk.data(), static_cast<unsigned>(chunk.size()));
        if (n < 0) {
            gzclose(in);
            return makeError(ErrorCode::CorruptData, path, "gzip data is corrupt or truncated");
        }
        if (n == 0)
            break;
        if (data.size() + static_cast<std::size_t>(n) > kMaxInflatedBytes) {
            gzclose(in);
            return makeError(ErrorCode::TooLarge, path, "gzip file inflates to more than 2 GiB");
        }
        data.insert(data.end(), chunk.begin(), chunk.begin() + n);
    }
    const bool truncated = gzclose(in) != Z_OK;
    if (truncated)
        return makeError(ErrorCode::CorruptData, path, "gzip data is corrupt or truncated");
    return data;
}

Error parseError(const std::string& path, const OFCondition& status)
{
    return makeError(ErrorCode::CorruptData, path,
                     std::string("DICOM parsing failed (truncated or garbled file?): ") + status.text());
}

Result<DicomFile> parseBuffer(const std::string& path, std::vector<unsigned char> bytes)
{
    DicomFile file;
    file.format = std::make_shared<DcmFileFormat>();
    file.dataBytes = bytes.size();
    file.gzipped = true;
    DcmInputBufferStream stream;
    stream.setBuffer(bytes.data(), static_cast<offile_off_t>(bytes.size()));
    stream.setEos();
    file.format->transferInit();
    const OFCondition status = file.format->read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
    file.format->transferEnd();
    if (status.bad())
        return parseError(path, status);
    return file;
}

} // namespace

DcmDataset& DicomFile::dataset() const
{
    return *format->getDataset();
}

bool looksLikeDicom(const unsigned char* bytes, std::size_t count)
{
    if (count >= 132 && std::memcmp(bytes + 128, "DICM", 4) == 0)
        return true;
    if (count < 8)
        return false;
    const unsigned littleEndian = bytes[0] | (unsigned(bytes[1]) << 8);
    const unsigned bigEndian = (unsigned(bytes[0]) << 8) | bytes[1];
    return isPlausibleFirstGroup(littleEndian) || isPlausibleFirstGroup(bigEndian);
}

Result<DicomFile> readDicomFile(const std::string& path, ReadDepth depth)
{
    ensureDcmtkReady();
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        return makeError(ErrorCode::FileNotFound, path, "file does not exist");
    if (!fs::is_regular_file(status))
        return makeError(ErrorCode::InvalidArgument, path, "not a regular file");
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec)
        return makeError(ErrorCode::ReadFailed, path, "cannot read file size: " + ec.message());
    if (size == 0)
        return makeError(ErrorCode::UnsupportedFormat, path, "empty file");

    const std::vector<unsigned char> prefix = readPrefix(path, 132);
    if (isGzip(prefix.data(), prefix.size())) {
        auto inflated = inflateFile(path);
        if (!inflated)
            return inflated.error();
        return parseBuffer(path, std::move(inflated).value());
    }
    if (!looksLikeDicom(prefix.data(), prefix.size()))
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "not a DICOM file (no DICM marker and no DICOM tag at the start)");

    DicomFile file;
    file.format = std::make_shared<DcmFileFormat>();
    file.dataBytes = size;
    const Uint32 maxReadLength = depth == ReadDepth::Header ? 4096 : DCM_MaxReadLength;
    const OFCondition result = file.format->loadFile(path.c_str(), EXS_Unknown, EGL_noChange, maxReadLength);
    if (result.bad()) {
        if (std::optional<Result<DicomFile>> mislabelled = readMislabelledDataSet(path, size, maxReadLength))
            return std::move(*mislabelled);
        return parseError(path, result);
    }
    return file;
}

} // namespace delineate::dicom::detail
