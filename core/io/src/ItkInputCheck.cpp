#include "ItkInputCheck.h"

#include "GzFile.h"
#include "image/Volume.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <vector>

namespace delineate::io::detail {

namespace {

constexpr std::size_t kMaxHeaderBytes = 1 << 20;

struct TextHeader {
    std::map<std::string, std::string> fields; // keys lower-case
    std::int64_t dataOffset = -1;              // byte after the header (-1 when the header never ended)
};

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

std::string trim(const std::string& text)
{
    const auto begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos)
        return {};
    return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

// Reads "key<separator>value" lines until `isLast` says the header is over (or, with `endsAtEof`, the
// file ends: a detached NRRD header has no blank line after its last field).
template <typename IsLast>
Result<TextHeader> readTextHeader(const std::string& path, char separator, IsLast isLast,
                                  bool endsAtEof = false)
{
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        return makeError(ErrorCode::ReadFailed, path, "cannot open the file");
    std::vector<char> bytes(kMaxHeaderBytes);
    const std::size_t size = std::fread(bytes.data(), 1, bytes.size(), file);
    std::fclose(file);
    TextHeader header;
    std::size_t position = 0;
    while (position < size) {
        const auto end =
            std::find(bytes.begin() + std::ptrdiff_t(position), bytes.begin() + std::ptrdiff_t(size), '\n');
        if (end == bytes.begin() + std::ptrdiff_t(size))
            break; // no complete line left
        const std::string line(bytes.begin() + std::ptrdiff_t(position), end);
        position = std::size_t(end - bytes.begin()) + 1;
        const auto split = line.find(separator);
        std::string key = split == std::string::npos ? trim(line) : lower(trim(line.substr(0, split)));
        const std::string value = split == std::string::npos ? std::string() : trim(line.substr(split + 1));
        if (split != std::string::npos)
            header.fields[key] = value;
        if (isLast(key, trim(line))) {
            header.dataOffset = std::int64_t(position);
            break;
        }
    }
    if (header.dataOffset < 0 && endsAtEof && position == size && size < bytes.size())
        header.dataOffset = std::int64_t(size);
    if (header.dataOffset < 0)
        return makeError(ErrorCode::CorruptData, path, "the header is incomplete");
    return header;
}

Result<std::int64_t> voxelCount(const std::string& sizes, const std::string& path)
{
    std::istringstream stream(sizes);
    std::int64_t total = 1, size = 0;
    int dimensions = 0;
    while (stream >> size) {
        if (size < 1 || size > image::kMaxElements || total > image::kMaxElements / size)
            return makeError(ErrorCode::CorruptData, path, "invalid or absurd image size \"" + sizes + "\"");
        total *= size;
        ++dimensions;
    }
    if (dimensions == 0 || !stream.eof())
        return makeError(ErrorCode::CorruptData, path, "invalid image size \"" + sizes + "\"");
    return total;
}

} // namespace

Result<void> checkImageData(const std::string& dataPath, std::int64_t offset, std::int64_t bytes,
                            bool compressed)
{
    if (!compressed) {
        const std::int64_t size = fileSize(dataPath);
        if (size < 0)
            return makeError(ErrorCode::FileNotFound, dataPath, "image data file not found");
        if (size - offset < bytes)
            return makeError(ErrorCode::CorruptData, dataPath,
                             "file is truncated: the header promises " + std::to_string(bytes) +
                                 " bytes of image data, the file holds " +
                                 std::to_string(std::max<std::int64_t>(0, size - offset)));
        return {};
    }
    GzFile file;
    if (!file.open(dataPath, GzFile::Mode::ReadDeflate, offset))
        return makeError(ErrorCode::ReadFailed, dataPath, "cannot open: " + file.lastError());
    std::vector<unsigned char> scratch(1 << 20);
    std::int64_t total = 0;
    while (true) {
        const std::size_t got = file.read(scratch.data(), scratch.size());
        total += std::int64_t(got);
        if (got < scratch.size())
            break;
    }
    if (!file.atCleanEnd())
        return makeError(ErrorCode::CorruptData, dataPath, file.lastError());
    if (total < bytes)
        return makeError(ErrorCode::CorruptData, dataPath,
                         "compressed image data holds " + std::to_string(total) +
                             " bytes, the header promises " + std::to_string(bytes));
    return {};
}

namespace {

std::string besideHeader(const std::string& headerPath, const std::string& name)
{
    const std::filesystem::path file(name);
    return file.is_absolute() ? name : (std::filesystem::path(headerPath).parent_path() / file).string();
}

int metaElementBytes(const std::string& type)
{
    static const std::map<std::string, int> sizes = {
        {"met_uchar", 1},      {"met_char", 1},      {"met_ushort", 2}, {"met_short", 2},
        {"met_uint", 4},       {"met_int", 4},       {"met_ulong", 8},  {"met_long", 8},
        {"met_ulong_long", 8}, {"met_long_long", 8}, {"met_float", 4},  {"met_double", 8}};
    const auto it = sizes.find(lower(type));
    return it == sizes.end() ? 0 : it->second;
}

int nrrdTypeBytes(const std::string& type)
{
    static const std::map<std::string, int> sizes = {{"signed char", 1},
                                                     {"int8", 1},
                                                     {"int8_t", 1},
                                                     {"uchar", 1},
                                                     {"unsigned char", 1},
                                                     {"uint8", 1},
                                                     {"uint8_t", 1},
                                                     {"short", 2},
                                                     {"short int", 2},
                                                     {"signed short", 2},
                                                     {"signed short int", 2},
                                                     {"int16", 2},
                                                     {"int16_t", 2},
                                                     {"ushort", 2},
                                                     {"unsigned short", 2},
                                                     {"unsigned short int", 2},
                                                     {"uint16", 2},
                                                     {"uint16_t", 2},
                                                     {"int", 4},
                                                     {"signed int", 4},
                                                     {"int32", 4},
                                                     {"int32_t", 4},
                                                     {"uint", 4},
                                                     {"unsigned int", 4},
                                                     {"uint32", 4},
                                                     {"uint32_t", 4},
                                                     {"longlong", 8},
                                                     {"long long", 8},
                                                     {"int64", 8},
                                                     {"int64_t", 8},
                                                     {"ulonglong", 8},
                                                     {"unsigned long long", 8},
                                                     {"uint64", 8},
                                                     {"uint64_t", 8},
                                                     {"float", 4},
                                                     {"double", 8}};
    const auto it = sizes.find(lower(type));
    return it == sizes.end() ? 0 : it->second;
}

} // namespace

Result<void> checkMetaImageData(const std::string& path)
{
    auto header = readTextHeader(
        path, '=', [](const std::string& key, const std::string&) { return key == "elementdatafile"; });
    if (!header)
        return header.error();
    auto& f = header->fields;
    auto count = voxelCount(f["dimsize"], path);
    if (!count)
        return count.error();
    const int bytes = metaElementBytes(f["elementtype"]);
    const std::string channels = f.count("elementnumberofchannels") ? f["elementnumberofchannels"] : "1";
    const std::string dataFile = f["elementdatafile"];
    const int perVoxel = std::atoi(channels.c_str());
    if (bytes == 0 || perVoxel < 1 || perVoxel > 64 || dataFile.empty())
        return makeError(ErrorCode::CorruptData, path,
                         "invalid ElementType, ElementNumberOfChannels or ElementDataFile");
    if (lower(dataFile) == "list" || dataFile.find('%') != std::string::npos)
        return {}; // one file per slice: left to ITK
    const bool local = lower(dataFile) == "local";
    const bool compressed = lower(f["compresseddata"]) == "true";
    return checkImageData(local ? path : besideHeader(path, dataFile), local ? header->dataOffset : 0,
                          *count * bytes * perVoxel, compressed);
}

Result<void> checkNrrdData(const std::string& path)
{
    const bool detached = endsWithNoCase(path, ".nhdr");
    auto header = readTextHeader(
        path, ':', [](const std::string&, const std::string& line) { return line.empty(); }, detached);
    if (!header)
        return header.error();
    auto& f = header->fields;
    if (f.count("line skip") || f.count("lineskip") || f.count("byte skip") || f.count("byteskip"))
        return {}; // unusual layouts: left to ITK
    auto count = voxelCount(f["sizes"], path);
    if (!count)
        return count.error();
    const int bytes = nrrdTypeBytes(f["type"]);
    if (bytes == 0)
        return makeError(ErrorCode::UnsupportedFormat, path, "unsupported NRRD type \"" + f["type"] + "\"");
    const std::string encoding = lower(f["encoding"]);
    if (encoding != "raw" && encoding != "gzip" && encoding != "gz")
        return {}; // text and bzip2 encodings: left to ITK
    std::string dataFile = f.count("data file") ? f["data file"] : f.count("datafile") ? f["datafile"] : "";
    if (lower(dataFile).rfind("list", 0) == 0 || dataFile.find('%') != std::string::npos)
        return {};
    const bool local = dataFile.empty();
    return checkImageData(local ? path : besideHeader(path, dataFile), local ? header->dataOffset : 0,
                          *count * bytes, encoding != "raw");
}

} // namespace delineate::io::detail
