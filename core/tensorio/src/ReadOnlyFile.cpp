#include "ReadOnlyFile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace delineate::tensorio::detail {

namespace {

// pread(2) transfers at most about 2 GiB per call on Linux; stay well below.
constexpr std::uint64_t kMaxChunk = std::uint64_t(1) << 30;

} // namespace

Result<ReadOnlyFile> ReadOnlyFile::open(const std::string& path)
{
    const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) {
        const int error = errno;
        const ErrorCode code = error == ENOENT ? ErrorCode::FileNotFound : ErrorCode::ReadFailed;
        return makeError(code, path, std::string("cannot open: ") + std::strerror(error));
    }
    struct stat info {};
    if (::fstat(descriptor, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(descriptor);
        return makeError(ErrorCode::ReadFailed, path, "not a regular file");
    }
    return ReadOnlyFile(descriptor, static_cast<std::uint64_t>(info.st_size), path);
}

ReadOnlyFile::ReadOnlyFile(int descriptor, std::uint64_t size, std::string path)
    : m_descriptor(descriptor), m_size(size), m_path(std::move(path))
{
}

ReadOnlyFile::ReadOnlyFile(ReadOnlyFile&& other) noexcept
    : m_descriptor(std::exchange(other.m_descriptor, -1)), m_size(other.m_size),
      m_path(std::move(other.m_path))
{
}

ReadOnlyFile& ReadOnlyFile::operator=(ReadOnlyFile&& other) noexcept
{
    if (this != &other) {
        if (m_descriptor >= 0)
            ::close(m_descriptor);
        m_descriptor = std::exchange(other.m_descriptor, -1);
        m_size = other.m_size;
        m_path = std::move(other.m_path);
    }
    return *this;
}

ReadOnlyFile::~ReadOnlyFile()
{
    if (m_descriptor >= 0)
        ::close(m_descriptor);
}

bool ReadOnlyFile::containsRange(std::uint64_t offset, std::uint64_t length) const
{
    return offset <= m_size && length <= m_size - offset;
}

Result<void> ReadOnlyFile::readAt(std::uint64_t offset, void* destination, std::uint64_t length) const
{
    if (!containsRange(offset, length)) {
        return makeError(ErrorCode::CorruptData, m_path,
                         "truncated: needs bytes " + std::to_string(offset) + ".." +
                             std::to_string(offset + length) + " of a " + std::to_string(m_size) +
                             "-byte file");
    }
    auto* out = static_cast<char*>(destination);
    while (length > 0) {
        const auto chunk = static_cast<size_t>(std::min(length, kMaxChunk));
        const ssize_t got = ::pread(m_descriptor, out, chunk, static_cast<off_t>(offset));
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return makeError(ErrorCode::ReadFailed, m_path,
                             std::string("read failed: ") + std::strerror(errno));
        }
        if (got == 0)
            return makeError(ErrorCode::CorruptData, m_path,
                             "unexpected end of file (file shrank while reading)");
        out += got;
        offset += static_cast<std::uint64_t>(got);
        length -= static_cast<std::uint64_t>(got);
    }
    return {};
}

} // namespace delineate::tensorio::detail
