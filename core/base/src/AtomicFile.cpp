#include "base/AtomicFile.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace delineate {
namespace {

std::string errnoText() { return std::strerror(errno); }

Result<void> syncPath(const std::string& path, bool directory)
{
    const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0)
        return makeError(ErrorCode::WriteFailed, path, "cannot open for sync: " + errnoText());
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0 && !directory)
        return makeError(ErrorCode::WriteFailed, path, "cannot flush to disk: " + errnoText());
    return {};
}

} // namespace

std::string temporaryPathFor(const std::string& path)
{
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path target(path);
    const std::string name = "." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                             std::to_string(counter++);
    // Keep the target's extension last so extension-driven writers (ITK) pick the right format.
    return (target.parent_path() / (name + "-" + target.filename().string())).string();
}

Result<void> commitTemporaryFile(const std::string& temporaryPath, const std::string& path)
{
    if (auto synced = syncPath(temporaryPath, false); !synced) {
        std::filesystem::remove(temporaryPath);
        return synced;
    }
    if (std::rename(temporaryPath.c_str(), path.c_str()) != 0) {
        const Error error = makeError(ErrorCode::WriteFailed, path, "cannot replace file: " + errnoText());
        std::filesystem::remove(temporaryPath);
        return error;
    }
    std::string folder = std::filesystem::path(path).parent_path().string();
    (void)syncPath(folder.empty() ? "." : folder, true);
    return {};
}

Result<void> writeFileAtomically(const std::string& path, std::string_view bytes)
{
    const std::string temporary = temporaryPathFor(path);
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return makeError(ErrorCode::WriteFailed, path, "cannot create temporary file: " + errnoText());
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const Error error = makeError(ErrorCode::WriteFailed, path, "write failed: " + errnoText());
            ::close(fd);
            std::filesystem::remove(temporary);
            return error;
        }
        written += std::size_t(n);
    }
    ::close(fd);
    return commitTemporaryFile(temporary, path);
}

Result<std::string> readFile(const std::string& path, std::size_t maxBytes)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        return makeError(ErrorCode::FileNotFound, path, "cannot read: " + ec.message());
    if (size > maxBytes)
        return makeError(ErrorCode::TooLarge, path, "file of " + std::to_string(size) + " bytes is too large");
    std::ifstream in(path, std::ios::binary);
    std::string bytes(size, '\0');
    if (!in.read(bytes.data(), std::streamsize(size)))
        return makeError(ErrorCode::ReadFailed, path, "read failed");
    return bytes;
}

} // namespace delineate
