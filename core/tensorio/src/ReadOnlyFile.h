#pragma once
// A regular file opened for positional reads (pread), used by the zip and safetensors readers.
// The size is taken once at open time; every read is checked against it, so a header that
// claims data past the end of the file becomes ErrorCode::CorruptData instead of a short read.

#include "base/Result.h"

#include <cstdint>
#include <string>

namespace delineate::tensorio::detail {

class ReadOnlyFile {
public:
    // FileNotFound when the path does not exist, ReadFailed when it cannot be opened or is not
    // a regular file.
    static Result<ReadOnlyFile> open(const std::string& path);

    ReadOnlyFile(ReadOnlyFile&& other) noexcept;
    ReadOnlyFile& operator=(ReadOnlyFile&& other) noexcept;
    ReadOnlyFile(const ReadOnlyFile&) = delete;
    ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;
    ~ReadOnlyFile();

    [[nodiscard]] std::uint64_t size() const { return m_size; }
    [[nodiscard]] const std::string& path() const { return m_path; }

    // Reads exactly `length` bytes starting at `offset` into `destination`.
    // CorruptData when the range ends past the end of the file, ReadFailed on an I/O error.
    [[nodiscard]] Result<void> readAt(std::uint64_t offset, void* destination, std::uint64_t length) const;

    // True when [offset, offset + length) lies inside the file (overflow-safe).
    [[nodiscard]] bool containsRange(std::uint64_t offset, std::uint64_t length) const;

private:
    ReadOnlyFile(int descriptor, std::uint64_t size, std::string path);

    int m_descriptor = -1;
    std::uint64_t m_size = 0;
    std::string m_path;
};

} // namespace delineate::tensorio::detail
