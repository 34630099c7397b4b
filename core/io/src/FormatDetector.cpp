#include "FormatDetector.h"

#include "GzFile.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace delineate::io::detail {

namespace fs = std::filesystem;

namespace {

struct ExtensionRule {
    const char* suffix;
    FileFormat format;
};

constexpr ExtensionRule kExtensions[] = {
    {".nii", FileFormat::Nifti},     {".nii.gz", FileFormat::Nifti},  {".hdr", FileFormat::Nifti},
    {".hdr.gz", FileFormat::Nifti},  {".img", FileFormat::Nifti},     {".img.gz", FileFormat::Nifti},
    {".mha", FileFormat::MetaImage}, {".mhd", FileFormat::MetaImage}, {".nrrd", FileFormat::Nrrd},
    {".nhdr", FileFormat::Nrrd},     {".png", FileFormat::Png},       {".jpg", FileFormat::Jpeg},
    {".jpeg", FileFormat::Jpeg},     {".tif", FileFormat::Tiff},      {".tiff", FileFormat::Tiff},
    {".bmp", FileFormat::Bmp},       {".dcm", FileFormat::Dicom},     {".dicom", FileFormat::Dicom},
};

bool startsWith(const unsigned char* bytes, std::size_t size, const char* magic, std::size_t length)
{
    return size >= length && std::memcmp(bytes, magic, length) == 0;
}

bool looksLikeNiftiHeader(const unsigned char* bytes, std::size_t size)
{
    if (size < 4)
        return false;
    const std::uint32_t little =
        bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (std::uint32_t(bytes[3]) << 24);
    const std::uint32_t big = bytes[3] | (bytes[2] << 8) | (bytes[1] << 16) | (std::uint32_t(bytes[0]) << 24);
    return little == 348 || little == 540 || big == 348 || big == 540;
}

} // namespace

const char* formatName(FileFormat format)
{
    switch (format) {
    case FileFormat::Dicom:
        return "dicom";
    case FileFormat::Nifti:
        return "nifti";
    case FileFormat::MetaImage:
        return "metaimage";
    case FileFormat::Nrrd:
        return "nrrd";
    case FileFormat::Png:
        return "png";
    case FileFormat::Jpeg:
        return "jpeg";
    case FileFormat::Tiff:
        return "tiff";
    case FileFormat::Bmp:
        return "bmp";
    }
    return "unknown";
}

Result<FileFormat> detectFormat(const std::string& path)
{
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        return makeError(ErrorCode::FileNotFound, path, "no such file or folder");
    if (fs::is_directory(status))
        return FileFormat::Dicom;
    const std::string name = fs::path(path).filename().string();
    if (endsWithNoCase(name, "DICOMDIR") && name.size() == 8)
        return FileFormat::Dicom;

    unsigned char bytes[132] = {};
    std::size_t size = 0;
    if (std::FILE* file = std::fopen(path.c_str(), "rb")) {
        size = std::fread(bytes, 1, sizeof bytes, file);
        std::fclose(file);
    } else {
        return makeError(ErrorCode::ReadFailed, path, "cannot open the file");
    }
    if (size >= 132 && std::memcmp(bytes + 128, "DICM", 4) == 0)
        return FileFormat::Dicom;
    if (startsWith(bytes, size, "\x89PNG\r\n\x1a\n", 8))
        return FileFormat::Png;
    if (startsWith(bytes, size, "\xff\xd8\xff", 3))
        return FileFormat::Jpeg;
    if (startsWith(bytes, size, "II*\0", 4) || startsWith(bytes, size, "MM\0*", 4))
        return FileFormat::Tiff;
    if (startsWith(bytes, size, "NRRD", 4))
        return FileFormat::Nrrd;
    if (startsWith(bytes, size, "BM", 2) && endsWithNoCase(name, ".bmp"))
        return FileFormat::Bmp;
    if (looksLikeNiftiHeader(bytes, size) && !endsWithNoCase(name, ".dcm"))
        return FileFormat::Nifti;
    for (const ExtensionRule& rule : kExtensions)
        if (endsWithNoCase(name, rule.suffix))
            return rule.format;
    return makeError(ErrorCode::UnsupportedFormat, path,
                     "unrecognised file type (not DICOM, NIfTI, MetaImage, NRRD, PNG, JPEG, TIFF or BMP)");
}

} // namespace delineate::io::detail
