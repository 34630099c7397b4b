#include "detail/StagingFolder.h"

#include <atomic>
#include <fcntl.h>
#include <filesystem>
#include <system_error>
#include <unistd.h>

namespace delineate::pacs::detail {

namespace fs = std::filesystem;

namespace {

void syncPath(const fs::path& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

Result<StagingFolder> StagingFolder::begin(const std::string& destination)
{
    static std::atomic<int> counter{0};
    const fs::path target(destination);
    std::error_code error;
    fs::create_directories(target.parent_path(), error);
    if (error)
        return makeError(ErrorCode::WriteFailed, target.parent_path().string(),
                         "cannot create: " + error.message());
    StagingFolder staging;
    staging.m_destination = destination;
    staging.m_path = (target.parent_path() / ("." + target.filename().string() + ".partial-" +
                                              std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                         .string();
    fs::remove_all(staging.m_path, error);
    if (!fs::create_directory(staging.m_path, error) || error)
        return makeError(ErrorCode::WriteFailed, staging.m_path, "cannot create: " + error.message());
    return staging;
}

StagingFolder::StagingFolder(StagingFolder&& other) noexcept
    : m_destination(std::move(other.m_destination)), m_path(std::move(other.m_path))
{
    other.m_path.clear();
}

StagingFolder::~StagingFolder()
{
    if (!m_path.empty()) {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
}

Result<void> StagingFolder::commit()
{
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(m_path, error))
        syncPath(entry.path());
    syncPath(m_path);
    const fs::path old = m_path + ".old";
    const bool replacing = fs::exists(m_destination, error);
    if (replacing)
        fs::rename(m_destination, old, error);
    if (!error)
        fs::rename(m_path, m_destination, error);
    if (error)
        return makeError(ErrorCode::WriteFailed, m_destination,
                         "cannot move the retrieved series into place: " + error.message());
    m_path.clear();
    if (replacing)
        fs::remove_all(old, error);
    syncPath(fs::path(m_destination).parent_path());
    return {};
}

} // namespace delineate::pacs::detail
