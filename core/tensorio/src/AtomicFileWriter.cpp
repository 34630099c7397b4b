#include "AtomicFileWriter.h"

#include "base/AtomicFile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

namespace delineate::tensorio::detail {

namespace {

constexpr std::uint64_t kMaxWriteChunk = std::uint64_t(1) << 30;

} // namespace

Result<AtomicFileWriter> AtomicFileWriter::create(const std::string& path)
{
    std::string temporaryPath = temporaryPathFor(path);
    const int descriptor = ::open(temporaryPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (descriptor < 0) {
        const int error = errno;
        return makeError(ErrorCode::WriteFailed, path,
                         std::string("cannot create a temporary file: ") + std::strerror(error));
    }
    return AtomicFileWriter(descriptor, path, std::move(temporaryPath));
}

AtomicFileWriter::AtomicFileWriter(int descriptor, std::string path, std::string temporaryPath)
    : m_descriptor(descriptor)
    , m_path(std::move(path))
    , m_temporaryPath(std::move(temporaryPath))
{
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : m_descriptor(std::exchange(other.m_descriptor, -1))
    , m_path(std::move(other.m_path))
    , m_temporaryPath(std::move(other.m_temporaryPath))
    , m_finished(std::exchange(other.m_finished, true))
{
}

AtomicFileWriter::~AtomicFileWriter()
{
    if (m_descriptor >= 0)
        ::close(m_descriptor);
    if (!m_finished)
        ::unlink(m_temporaryPath.c_str());
}

Error AtomicFileWriter::failure(const std::string& what, int error) const
{
    return makeError(ErrorCode::WriteFailed, m_path, what + ": " + std::strerror(error));
}

Result<void> AtomicFileWriter::write(const void* data, std::uint64_t length)
{
    const auto* bytes = static_cast<const char*>(data);
    while (length > 0) {
        const auto chunk = static_cast<size_t>(std::min(length, kMaxWriteChunk));
        const ssize_t written = ::write(m_descriptor, bytes, chunk);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return failure("write failed", errno);
        }
        bytes += written;
        length -= static_cast<std::uint64_t>(written);
    }
    return {};
}

Result<void> AtomicFileWriter::commit()
{
    const int descriptor = std::exchange(m_descriptor, -1);
    if (::close(descriptor) != 0)
        return failure("close failed", errno);
    m_finished = true;  // commitTemporaryFile removes the temporary file itself on failure
    return commitTemporaryFile(m_temporaryPath, m_path);
}

} // namespace delineate::tensorio::detail
