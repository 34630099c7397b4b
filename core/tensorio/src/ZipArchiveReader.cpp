#include "ZipArchiveReader.h"

#include <algorithm>
#include <array>
#include <zlib.h>

namespace delineate::tensorio::detail {

namespace {

constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr std::uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr std::uint32_t kEndOfDirectorySignature = 0x06054b50;
constexpr std::uint32_t kZip64EndOfDirectorySignature = 0x06064b50;
constexpr std::uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr std::uint16_t kZip64ExtraId = 0x0001;

constexpr std::uint64_t kLocalHeaderSize = 30;
constexpr std::uint64_t kCentralHeaderSize = 46;
constexpr std::uint64_t kEndOfDirectorySize = 22;
constexpr std::uint64_t kZip64EndOfDirectorySize = 56;
constexpr std::uint64_t kZip64LocatorSize = 20;
constexpr std::uint64_t kMaxCommentSize = 0xFFFF;
// A central directory entry of a torch.save file is ~80 bytes; 256 MiB is millions of records.
constexpr std::uint64_t kMaxDirectorySize = std::uint64_t(256) << 20;
// Records are read and checksummed in pieces of this size (keeps the CRC pass in cache).
constexpr std::uint64_t kReadChunk = std::uint64_t(16) << 20;
// ... and checked (CRC-32, then the NaN / Inf scan) in blocks of this size, which stay in the L1 data cache
// between the two passes (the scan ran at ~11 GB/s on 128 KiB blocks, ~17 GB/s on 32 KiB ones, here).
// A multiple of 8 bytes, so no value straddles two blocks.
constexpr std::uint64_t kCheckBlock = std::uint64_t(32) << 10;

std::uint16_t le16(const unsigned char* p)
{
    return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

std::uint32_t le32(const unsigned char* p)
{
    return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
           (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

std::uint64_t le64(const unsigned char* p)
{
    return static_cast<std::uint64_t>(le32(p)) | (static_cast<std::uint64_t>(le32(p + 4)) << 32);
}

} // namespace

ZipArchiveReader::ZipArchiveReader(ReadOnlyFile file) : m_file(std::move(file))
{
}

Result<ZipArchiveReader> ZipArchiveReader::open(const std::string& path)
{
    auto file = ReadOnlyFile::open(path);
    if (!file)
        return file.error();
    ZipArchiveReader reader(std::move(file).value());
    if (auto status = reader.readDirectory(); !status)
        return status.error();
    return reader;
}

Error ZipArchiveReader::corrupt(const std::string& detail) const
{
    return makeError(ErrorCode::CorruptData, m_file.path(), "zip: " + detail);
}

const ZipEntry* ZipArchiveReader::find(std::string_view name) const
{
    const auto it = m_indexByName.find(std::string(name));
    return it == m_indexByName.end() ? nullptr : &m_entries[it->second];
}

Result<void> ZipArchiveReader::readDirectory()
{
    const std::uint64_t fileSize = m_file.size();
    if (fileSize < kEndOfDirectorySize)
        return makeError(ErrorCode::UnsupportedFormat, m_file.path(), "not a zip archive (file too small)");

    // 1. End of central directory: the last signature whose comment fits in the file.
    const std::uint64_t tailSize = std::min(fileSize, kEndOfDirectorySize + kMaxCommentSize);
    std::vector<unsigned char> tail(tailSize);
    if (auto status = m_file.readAt(fileSize - tailSize, tail.data(), tailSize); !status)
        return status.error();
    std::uint64_t eocdInTail = tailSize;
    for (std::uint64_t p = tailSize - kEndOfDirectorySize + 1; p-- > 0;) {
        if (le32(&tail[p]) == kEndOfDirectorySignature &&
            p + kEndOfDirectorySize + le16(&tail[p + 20]) <= tailSize) {
            eocdInTail = p;
            break;
        }
    }
    if (eocdInTail == tailSize) {
        return makeError(ErrorCode::UnsupportedFormat, m_file.path(),
                         "not a zip archive (no end-of-central-directory record; truncated?)");
    }
    const unsigned char* eocd = &tail[eocdInTail];
    const std::uint64_t eocdOffset = fileSize - tailSize + eocdInTail;
    const std::uint16_t diskNumber = le16(eocd + 4);
    const std::uint16_t directoryDisk = le16(eocd + 6);
    std::uint64_t entryCount = le16(eocd + 10);
    std::uint64_t directorySize = le32(eocd + 12);
    std::uint64_t directoryOffset = le32(eocd + 16);
    const bool saturated = diskNumber == 0xFFFF || directoryDisk == 0xFFFF || entryCount == 0xFFFF ||
                           directorySize == 0xFFFFFFFF || directoryOffset == 0xFFFFFFFF;

    // 2. Zip64 locator right before the EOCD, then the zip64 EOCD it points to.
    bool zip64 = false;
    if (eocdOffset >= kZip64LocatorSize) {
        std::array<unsigned char, kZip64LocatorSize> locator{};
        if (auto status = m_file.readAt(eocdOffset - kZip64LocatorSize, locator.data(), locator.size());
            !status)
            return status.error();
        if (le32(locator.data()) == kZip64LocatorSignature) {
            const std::uint64_t recordOffset = le64(locator.data() + 8);
            std::array<unsigned char, kZip64EndOfDirectorySize> record{};
            if (!m_file.containsRange(recordOffset, record.size()))
                return corrupt("zip64 end-of-central-directory record outside the file");
            if (auto status = m_file.readAt(recordOffset, record.data(), record.size()); !status)
                return status.error();
            if (le32(record.data()) != kZip64EndOfDirectorySignature)
                return corrupt("bad zip64 end-of-central-directory signature");
            if (le32(record.data() + 16) != 0 || le32(record.data() + 20) != 0)
                return makeError(ErrorCode::UnsupportedFormat, m_file.path(),
                                 "multi-disk zip archives are not supported");
            entryCount = le64(record.data() + 32);
            directorySize = le64(record.data() + 40);
            directoryOffset = le64(record.data() + 48);
            zip64 = true;
        }
    }
    if (!zip64 && saturated)
        return corrupt("zip64 sizes announced but no zip64 end-of-central-directory locator");
    if (!zip64 && (diskNumber != 0 || directoryDisk != 0))
        return makeError(ErrorCode::UnsupportedFormat, m_file.path(),
                         "multi-disk zip archives are not supported");

    // 3. Central directory.
    if (!m_file.containsRange(directoryOffset, directorySize) || directoryOffset + directorySize > eocdOffset)
        return corrupt("central directory lies outside the file");
    if (directorySize > kMaxDirectorySize)
        return makeError(ErrorCode::TooLarge, m_file.path(), "zip central directory larger than 256 MiB");
    if (entryCount > directorySize / kCentralHeaderSize)
        return corrupt("entry count " + std::to_string(entryCount) + " does not fit the central directory");
    std::vector<unsigned char> directory(directorySize);
    if (auto status = m_file.readAt(directoryOffset, directory.data(), directorySize); !status)
        return status.error();

    m_entries.reserve(entryCount);
    std::uint64_t pos = 0;
    for (std::uint64_t i = 0; i < entryCount; ++i) {
        if (directorySize - pos < kCentralHeaderSize || le32(&directory[pos]) != kCentralHeaderSignature)
            return corrupt("bad central directory header #" + std::to_string(i));
        const unsigned char* h = &directory[pos];
        const std::uint64_t nameLength = le16(h + 28);
        const std::uint64_t extraLength = le16(h + 30);
        const std::uint64_t commentLength = le16(h + 32);
        const std::uint64_t recordSize = kCentralHeaderSize + nameLength + extraLength + commentLength;
        if (directorySize - pos < recordSize)
            return corrupt("central directory header #" + std::to_string(i) + " is truncated");

        ZipEntry entry;
        entry.flags = le16(h + 8);
        entry.method = le16(h + 10);
        entry.crc32 = le32(h + 16);
        entry.compressedSize = le32(h + 20);
        entry.uncompressedSize = le32(h + 24);
        entry.localHeaderOffset = le32(h + 42);
        std::uint16_t diskStart = le16(h + 34);
        entry.name.assign(reinterpret_cast<const char*>(h + kCentralHeaderSize), nameLength);

        // Zip64 extra field: only the saturated values are present, in this fixed order.
        const unsigned char* extra = h + kCentralHeaderSize + nameLength;
        for (std::uint64_t e = 0; e + 4 <= extraLength;) {
            const std::uint16_t id = le16(extra + e);
            const std::uint64_t size = le16(extra + e + 2);
            if (e + 4 + size > extraLength)
                return corrupt("bad extra field in the header of '" + entry.name + "'");
            if (id == kZip64ExtraId) {
                const unsigned char* field = extra + e + 4;
                std::uint64_t used = 0;
                auto take64 = [&](std::uint64_t& value) {
                    if (used + 8 > size)
                        return false;
                    value = le64(field + used);
                    used += 8;
                    return true;
                };
                if ((entry.uncompressedSize == 0xFFFFFFFF && !take64(entry.uncompressedSize)) ||
                    (entry.compressedSize == 0xFFFFFFFF && !take64(entry.compressedSize)) ||
                    (entry.localHeaderOffset == 0xFFFFFFFF && !take64(entry.localHeaderOffset)))
                    return corrupt("zip64 extra field of '" + entry.name + "' is too short");
                if (diskStart == 0xFFFF)
                    diskStart = 0; // 4-byte disk number follows; multi-disk is rejected anyway
            }
            e += 4 + size;
        }
        if (diskStart != 0)
            return makeError(ErrorCode::UnsupportedFormat, m_file.path(),
                             "multi-disk zip archives are not supported");
        if (entry.localHeaderOffset >= directoryOffset ||
            !m_file.containsRange(entry.localHeaderOffset, kLocalHeaderSize))
            return corrupt("local header of '" + entry.name + "' lies outside the archive data");
        if (!m_indexByName.emplace(entry.name, m_entries.size()).second)
            return corrupt("duplicate record name '" + entry.name + "'");
        m_entries.push_back(std::move(entry));
        pos += recordSize;
    }
    return {};
}

Result<std::uint64_t> ZipArchiveReader::dataOffset(const ZipEntry& entry) const
{
    std::array<unsigned char, kLocalHeaderSize> header{};
    if (auto status = m_file.readAt(entry.localHeaderOffset, header.data(), header.size()); !status)
        return status.error();
    if (le32(header.data()) != kLocalHeaderSignature)
        return corrupt("bad local header signature for '" + entry.name + "'");
    const std::uint64_t nameLength = le16(header.data() + 26);
    const std::uint64_t extraLength = le16(header.data() + 28);
    if (nameLength != entry.name.size())
        return corrupt("local header name of '" + entry.name + "' differs from the central directory");
    std::string localName(nameLength, '\0');
    if (auto status = m_file.readAt(entry.localHeaderOffset + kLocalHeaderSize, localName.data(), nameLength);
        !status)
        return status.error();
    if (localName != entry.name)
        return corrupt("local header name of '" + entry.name + "' differs from the central directory");
    const std::uint64_t offset = entry.localHeaderOffset + kLocalHeaderSize + nameLength + extraLength;
    if (!m_file.containsRange(offset, entry.compressedSize))
        return corrupt("data of '" + entry.name + "' extends past the end of the file");
    return offset;
}

Result<void> ZipArchiveReader::readRecordInto(const ZipEntry& entry, void* destination, std::uint64_t length,
                                              FloatLayout scan, bool* nonFinite) const
{
    if (entry.flags & 1u)
        return makeError(ErrorCode::UnsupportedFormat, m_file.path(),
                         "zip record '" + entry.name + "' is encrypted");
    if (entry.method != 0) {
        return makeError(ErrorCode::UnsupportedFormat, m_file.path(),
                         "zip record '" + entry.name + "' is compressed (method " +
                             std::to_string(entry.method) +
                             "); only stored records (as written by torch.save) are supported");
    }
    if (entry.compressedSize != entry.uncompressedSize)
        return corrupt("stored record '" + entry.name + "' has different compressed and uncompressed sizes");
    if (entry.uncompressedSize != length) {
        return corrupt("record '" + entry.name + "' holds " + std::to_string(entry.uncompressedSize) +
                       " bytes, expected " + std::to_string(length));
    }
    auto offset = dataOffset(entry);
    if (!offset)
        return offset.error();

    auto* out = static_cast<char*>(destination);
    uLong crc = ::crc32_z(0, nullptr, 0);
    bool seen = false;
    const bool scanning = scan != FloatLayout::None && length % floatLayoutSize(scan) == 0;
    for (std::uint64_t done = 0; done < length;) {
        const std::uint64_t chunk = std::min(kReadChunk, length - done);
        if (auto status = m_file.readAt(offset.value() + done, out + done, chunk); !status)
            return status.error();
        // CRC and NaN / Inf scan block by block: the scan reads what the CRC just brought into cache.
        for (std::uint64_t block = 0; block < chunk; block += kCheckBlock) {
            const auto size = static_cast<std::size_t>(std::min(kCheckBlock, chunk - block));
            const char* data = out + done + block;
            crc = ::crc32_z(crc, reinterpret_cast<const Bytef*>(data), static_cast<z_size_t>(size));
            if (scanning && !seen)
                seen = holdsNonFinite(data, size, scan);
        }
        done += chunk;
    }
    if (nonFinite)
        *nonFinite = scanning ? seen : scan != FloatLayout::None; // unscanned: say "maybe"
    if (crc != entry.crc32)
        return corrupt("CRC-32 mismatch in record '" + entry.name + "' (garbled data)");
    return {};
}

Result<std::vector<char>> ZipArchiveReader::readRecord(const ZipEntry& entry, std::uint64_t maxSize) const
{
    if (entry.uncompressedSize > maxSize) {
        return makeError(ErrorCode::TooLarge, m_file.path(),
                         "zip record '" + entry.name + "' is larger than " + std::to_string(maxSize) +
                             " bytes");
    }
    if (!m_file.containsRange(0, entry.uncompressedSize))
        return corrupt("record '" + entry.name + "' is larger than the file");
    std::vector<char> data(entry.uncompressedSize);
    if (auto status = readRecordInto(entry, data.data(), data.size()); !status)
        return status.error();
    return data;
}

} // namespace delineate::tensorio::detail
