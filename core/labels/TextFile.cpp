#include "labels/TextFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace delineate::labels::detail {

namespace fs = std::filesystem;

Result<std::string> readTextFile(const std::string& path, std::size_t maxBytes)
{
    std::error_code ec;
    if (!fs::exists(path, ec))
        return makeError(ErrorCode::FileNotFound, path, "no such file");
    const auto size = fs::file_size(path, ec);
    if (ec)
        return makeError(ErrorCode::ReadFailed, path, "cannot read: " + ec.message());
    if (size > maxBytes)
        return makeError(ErrorCode::TooLarge, path,
                         "file of " + std::to_string(size) + " bytes is too large for a label table");
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        return makeError(ErrorCode::ReadFailed, path, std::string("cannot open: ") + std::strerror(errno));
    std::string text(size, '\0');
    const std::size_t got = std::fread(text.data(), 1, size, file);
    std::fclose(file);
    if (got != size)
        return makeError(ErrorCode::ReadFailed, path, "short read");
    return text;
}

Result<void> writeTextFileAtomically(const std::string& path, const std::string& text)
{
    const fs::path target(path);
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::string pattern = (folder / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0)
        return makeError(ErrorCode::WriteFailed, path, std::string("cannot create a temporary file: ") +
                                                           std::strerror(errno));
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n <= 0)
            break;
        written += static_cast<std::size_t>(n);
    }
    const bool ok = written == text.size() && ::fsync(fd) == 0;
    const int savedErrno = errno;
    ::close(fd);
    if (!ok || ::rename(name.data(), path.c_str()) != 0) {
        const int reason = ok ? errno : savedErrno;
        ::unlink(name.data());
        return makeError(ErrorCode::WriteFailed, path, std::string("cannot write: ") + std::strerror(reason));
    }
    ::chmod(path.c_str(), 0644);
    return {};
}

} // namespace delineate::labels::detail
