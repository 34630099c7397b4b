#pragma once
// Read-only access to the records of a zip archive as written by torch.save (PyTorch >= 1.6,
// "zipfile" serialization, which uses miniz).
//
// Supported layout (PKWARE APPNOTE 6.3):
//   [local header 30 B + name + extra][data] ... [central directory] [zip64 EOCD] [zip64 locator] [EOCD]
// - The end-of-central-directory record (EOCD, 22 B + comment) is searched in the last 64 KiB.
// - Zip64: when the locator is present, or any EOCD field is saturated (0xFFFF / 0xFFFFFFFF), the
//   zip64 EOCD gives the entry count and the central directory's size and offset; saturated
//   per-entry sizes and offsets come from the 0x0001 extra field of the central header.
// - Only stored (method 0) records can be read; torch.save writes every record stored and
//   64-byte aligned. Compressed or encrypted records are listed but reading them fails with
//   UnsupportedFormat.
// - Record data starts after the *local* header, whose extra field length may differ from the
//   central one (torch pads data to 64 bytes there).
// Every size and offset is checked against the file size before anything is allocated or read.
// Every record's CRC-32 is checked (zlib's crc32) while it is read.
//
// Why our own reader and not LibTorch's caffe2::serialize::PyTorchStreamReader (measured on LibTorch 1.13
// with benchmarks/tensorio/bench_checkpoint_zip, the fixture checkpoints of 22-42 MB, 2-core VM under
// load): PyTorchStreamReader does not check the CRC-32, so a checkpoint with one flipped byte in its tensor
// data loads without an error (ours: CorruptData naming the record; tst_checkpoint_reader's garbled copies
// rely on it). It is faster only by skipping that check: reading every record of vit_t.pth (41 MB) took
// 70 ms with it and 98 ms with ours, of which the CRC pass is ~80 ms (zlib, ~500 MB/s on that machine), at
// the same peak memory (each record in one buffer, ~1x the file). Truncated copies, a directory entry
// claiming 4 GiB and a record offset past the end fail cleanly in both, its messages generic ("failed
// finding central directory") where ours name the file and the record.

#include "FiniteBits.h"
#include "ReadOnlyFile.h"
#include "base/Result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace delineate::tensorio::detail {

struct ZipEntry {
    std::string name;
    std::uint64_t localHeaderOffset = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t uncompressedSize = 0;
    std::uint32_t crc32 = 0;
    std::uint16_t method = 0; // 0 = stored, 8 = deflate, ...
    std::uint16_t flags = 0;  // bit 0 = encrypted
};

class ZipArchiveReader {
public:
    // UnsupportedFormat when the file is not a zip archive, CorruptData when its directory is
    // inconsistent (truncated, offsets outside the file, duplicate names).
    static Result<ZipArchiveReader> open(const std::string& path);

    [[nodiscard]] const std::string& path() const { return m_file.path(); }
    [[nodiscard]] std::uint64_t fileSize() const { return m_file.size(); }
    [[nodiscard]] const std::vector<ZipEntry>& entries() const { return m_entries; }
    [[nodiscard]] const ZipEntry* find(std::string_view name) const;

    // Reads a whole stored record and checks its CRC-32. TooLarge above `maxSize` bytes.
    [[nodiscard]] Result<std::vector<char>> readRecord(const ZipEntry& entry, std::uint64_t maxSize) const;

    // Reads a whole stored record of exactly `length` bytes into `destination` and checks its
    // CRC-32 (CorruptData on any size or checksum mismatch). With a `scan` layout other than None, each
    // block is also scanned for NaN / Inf right after its CRC, while it is in cache (FiniteBits.h), and
    // `*nonFinite` says whether any was seen (the cost: bench_finite_check).
    [[nodiscard]] Result<void> readRecordInto(const ZipEntry& entry, void* destination, std::uint64_t length,
                                              FloatLayout scan = FloatLayout::None,
                                              bool* nonFinite = nullptr) const;

private:
    explicit ZipArchiveReader(ReadOnlyFile file);

    Result<void> readDirectory();
    // File offset of the first data byte of a stored record, validated against the file size.
    Result<std::uint64_t> dataOffset(const ZipEntry& entry) const;
    Error corrupt(const std::string& detail) const;

    ReadOnlyFile m_file;
    std::vector<ZipEntry> m_entries;
    std::unordered_map<std::string, std::size_t> m_indexByName;
};

} // namespace delineate::tensorio::detail
