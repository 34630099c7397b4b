#include "AtomicFile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace delineate::io::detail {

namespace fs = std::filesystem;

namespace {

bool syncPath(const std::string& path, bool directory)
{
    const int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

} // namespace

Result<AtomicFile> AtomicFile::begin(const std::string& destination)
{
    const fs::path target(destination);
    if (target.filename().empty())
        return makeError(ErrorCode::InvalidArgument, destination, "no file name given");
    fs::path folder = target.parent_path();
    if (folder.empty())
        folder = ".";
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return makeError(ErrorCode::WriteFailed, destination, "folder " + folder.string() + " does not exist");
    std::string pattern = (folder / ("." + target.filename().string() + ".delineate-XXXXXX")).string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (!::mkdtemp(buffer.data()))
        return makeError(ErrorCode::WriteFailed, destination,
                         std::string("cannot create a temporary folder: ") + std::strerror(errno));
    AtomicFile file;
    file.m_destination = destination;
    file.m_stagingFolder = buffer.data();
    file.m_stagingPath = (fs::path(file.m_stagingFolder) / target.filename()).string();
    return file;
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_destination(std::move(other.m_destination)),
      m_stagingFolder(std::move(other.m_stagingFolder)),
      m_stagingPath(std::move(other.m_stagingPath))
{
    other.m_stagingFolder.clear();
}

AtomicFile::~AtomicFile()
{
    removeStaging();
}

void AtomicFile::removeStaging()
{
    if (m_stagingFolder.empty())
        return;
    std::error_code ec;
    fs::remove_all(m_stagingFolder, ec);
    m_stagingFolder.clear();
}

Result<void> AtomicFile::commit()
{
    if (m_stagingFolder.empty())
        return makeError(ErrorCode::Internal, m_destination, "nothing staged to commit");
    std::error_code ec;
    const fs::path mainName = fs::path(m_stagingPath).filename();
    if (!fs::is_regular_file(m_stagingPath, ec))
        return makeError(ErrorCode::WriteFailed, m_destination, "the writer produced no file");
    // Companion files first, the file the caller named last.
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(m_stagingFolder, ec))
        if (entry.path().filename() != mainName)
            files.push_back(entry.path());
    if (ec)
        return makeError(ErrorCode::WriteFailed, m_destination, "cannot list the staging folder: " + ec.message());
    files.push_back(m_stagingPath);
    const fs::path folder = fs::path(m_destination).parent_path().empty() ? fs::path(".")
                                                                        : fs::path(m_destination).parent_path();
    for (const fs::path& file : files)
        if (!syncPath(file.string(), false))
            return makeError(ErrorCode::WriteFailed, m_destination,
                             "cannot flush " + file.filename().string() + " to disk: " + std::strerror(errno));
    for (const fs::path& file : files) {
        const fs::path target = folder / file.filename();
        if (::rename(file.c_str(), target.c_str()) != 0)
            return makeError(ErrorCode::WriteFailed, target.string(),
                             std::string("cannot move the written file into place: ") + std::strerror(errno));
    }
    syncPath(folder.string(), true);
    removeStaging();
    return {};
}

} // namespace delineate::io::detail
