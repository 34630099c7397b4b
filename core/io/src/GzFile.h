#pragma once
// Reading and writing files that may be gzip-compressed. Reading uses zlib's inflate directly (not gzread)
// so that a stream is only "complete" when inflate has verified the gzip trailer (CRC-32 and length):
// gzread can report a clean end of data for a file whose last bytes were cut off.
// Internal to delineate_io.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace delineate::io::detail {

class GzFile {
public:
    // Read: gzip detected by its magic bytes, else plain. ReadDeflate: a zlib or gzip stream is required
    // (MetaImage and NRRD data). Write*: through gzwrite.
    enum class Mode { Read, ReadDeflate, WriteCompressed, WritePlain };

    GzFile();
    ~GzFile();
    GzFile(const GzFile&) = delete;
    GzFile& operator=(const GzFile&) = delete;

    // Opens `path`, reading from byte `offset` of the file; false on failure (lastError() says why).
    bool open(const std::string& path, Mode mode, std::int64_t offset = 0);
    void close();
    [[nodiscard]] bool isOpen() const { return m_plain != nullptr || m_gz != nullptr; }

    // Reads up to `bytes` bytes; returns how many were read (fewer at end of data or on a corrupt stream).
    std::size_t read(void* buffer, std::size_t bytes);
    // Skips forward to the uncompressed `offset` (reading only forwards); false when the data ends before it.
    bool seek(std::int64_t offset);
    // After a short read: true when the data ended normally (for gzip: trailer CRC and length verified).
    [[nodiscard]] bool atCleanEnd() const { return m_cleanEnd; }
    // Writes all bytes; false on failure.
    bool write(const void* buffer, std::size_t bytes);
    // Flushes and closes a file opened for writing; false when anything failed.
    bool finish();

    // The reason of the last failure (zlib message or errno text).
    [[nodiscard]] const std::string& lastError() const { return m_error; }

private:
    struct Inflater;

    std::size_t readPlain(unsigned char* out, std::size_t bytes);
    std::size_t readCompressed(unsigned char* out, std::size_t bytes);

    std::FILE* m_plain = nullptr;         // reading (compressed or not)
    void* m_gz = nullptr;                 // gzFile, writing
    std::unique_ptr<Inflater> m_inflater; // set when the file read is gzip
    std::vector<unsigned char> m_input;
    std::int64_t m_start = 0;    // file offset where the data begins
    std::int64_t m_position = 0; // uncompressed bytes delivered so far
    bool m_cleanEnd = false;
    bool m_failed = false;
    std::string m_error;
};

// True when the file name ends with `suffix`, ignoring ASCII case.
[[nodiscard]] bool endsWithNoCase(const std::string& text, const std::string& suffix);

// Size of a file in bytes, or -1.
[[nodiscard]] std::int64_t fileSize(const std::string& path);

} // namespace delineate::io::detail
