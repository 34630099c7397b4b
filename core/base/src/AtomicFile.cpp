#include "base/AtomicFile.h"

#include "StagingFolder.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace delineate {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxWriteChunk = std::size_t(1) << 30;

// fsync of a file (by name, as a library may have written it) or a folder; 0 or the errno.
int syncPath(const std::string& path, bool folder)
{
    const int fd = ::open(path.c_str(), (folder ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int error = ::fsync(fd) == 0 ? 0 : errno;
    if (::close(fd) != 0 && error == 0)
        error = errno;
    // A folder on a file system that cannot flush folders (EINVAL) is as durable as it gets.
    return folder && error == EINVAL ? 0 : error;
}

int writeAll(int fd, const char* bytes, std::size_t length)
{
    while (length > 0) {
        const ssize_t written = ::write(fd, bytes, std::min(length, kMaxWriteChunk));
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (written == 0)
            return EIO;
        bytes += written;
        length -= static_cast<std::size_t>(written);
    }
    return 0;
}

// A step of a commit that failed: what, and the errno (0: none).
struct Failure {
    std::string what;
    int error = 0;
};

// The staged files in rename order: companions (sorted), then `name`.
std::optional<Failure> listStaged(const fs::path& staging, const std::string& name,
                                  std::vector<std::string>& names)
{
    std::error_code ec;
    for (fs::directory_iterator it(staging, ec), end; !ec && it != end; it.increment(ec))
        if (const std::string entry = it->path().filename().string(); entry != name)
            names.push_back(entry);
    if (ec)
        return Failure{"cannot list the staged files", ec.value()};
    std::sort(names.begin(), names.end());
    struct stat info {};
    if (::lstat((staging / name).c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        return Failure{"the writer produced no file"};
    names.push_back(name);
    return std::nullopt;
}

// The files the commit will rename, with their inodes and whether each replaces a previous file.
std::optional<Failure> describeStaged(const fs::path& staging, const fs::path& folder,
                                      const std::vector<std::string>& names,
                                      std::vector<detail::JournalEntry>& entries)
{
    for (const std::string& name : names) {
        struct stat info {};
        if (::lstat((staging / name).c_str(), &info) != 0)
            return Failure{"cannot read the staged " + name, errno};
        struct stat previous {};
        entries.push_back({static_cast<std::uint64_t>(info.st_ino),
                           ::lstat((folder / name).c_str(), &previous) == 0, name});
    }
    return std::nullopt;
}

// Hard links to the files the commit replaces, so that a failure can put them back (a file system
// without hard links gets none, see putBack). Flushed to disk for pairs, which a crash may have to put
// back after this process is gone.
void linkPrevious(const fs::path& staging, const fs::path& folder,
                  const std::vector<detail::JournalEntry>& entries)
{
    const fs::path previous = staging / detail::kPreviousName;
    if (std::none_of(entries.begin(), entries.end(), [](const auto& entry) { return entry.replaces; }) ||
        ::mkdir(previous.c_str(), 0700) != 0)
        return;
    for (const detail::JournalEntry& entry : entries)
        if (entry.replaces)
            (void)::link((folder / entry.name).c_str(), (previous / entry.name).c_str());
    if (entries.size() > 1)
        (void)syncPath(previous.string(), true);
}

std::optional<Failure> writeJournal(const fs::path& staging, const std::vector<detail::JournalEntry>& entries)
{
    const std::string text = detail::formatJournal(entries);
    const fs::path journal = staging / detail::kJournalName;
    const int fd = ::open(journal.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return Failure{"cannot write the commit journal", errno};
    int error = writeAll(fd, text.data(), text.size());
    if (error == 0 && ::fsync(fd) != 0)
        error = errno;
    if (::close(fd) != 0 && error == 0)
        error = errno;
    if (error == 0)
        error = syncPath(staging.string(), true);
    if (error != 0)
        return Failure{"cannot write the commit journal", error};
    return std::nullopt;
}

} // namespace

Result<AtomicFile> AtomicFile::begin(const std::string& destination)
{
    const fs::path target(destination);
    const std::string name = target.filename().string();
    if (name.empty() || name == "." || name == "..")
        return makeError(ErrorCode::InvalidArgument, destination, "cannot write: no file name given");
    const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return makeError(ErrorCode::WriteFailed, destination,
                         "cannot write: the folder " + folder.string() + " does not exist");
    removeStaleStaging(folder.string());
    for (int attempt = 0;; ++attempt) {
        const fs::path staging = folder / detail::stagingFolderName(name, detail::randomToken());
        if (::mkdir(staging.c_str(), 0700) == 0) {
            AtomicFile file;
            file.m_destination = destination;
            file.m_folder = folder.string();
            file.m_stagingFolder = staging.string();
            file.m_stagingPath = (staging / name).string();
            return file;
        }
        if (errno != EEXIST || attempt == 8)
            return makeError(ErrorCode::WriteFailed, destination,
                             std::string("cannot write: cannot create a staging folder beside it: ") +
                                 std::strerror(errno));
    }
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_destination(std::move(other.m_destination)), m_folder(std::move(other.m_folder)),
      m_stagingFolder(std::exchange(other.m_stagingFolder, {})),
      m_stagingPath(std::move(other.m_stagingPath)), m_descriptor(std::exchange(other.m_descriptor, -1))
{
}

AtomicFile::~AtomicFile()
{
    discard();
}

void AtomicFile::discard()
{
    if (m_descriptor >= 0)
        ::close(m_descriptor);
    m_descriptor = -1;
    if (m_stagingFolder.empty())
        return;
    std::error_code ec;
    fs::remove_all(m_stagingFolder, ec);
    m_stagingFolder.clear();
}

Error AtomicFile::failure(const std::string& what, int errorNumber) const
{
    std::string detail = "cannot write: " + what;
    if (errorNumber != 0)
        detail += std::string(": ") + std::strerror(errorNumber);
    // One line, and about the file the caller named, not the staged copy a library reported on.
    auto replaceAll = [&detail](const std::string& from, const std::string& to) {
        for (std::size_t at = 0; !from.empty() && (at = detail.find(from, at)) != std::string::npos;
             at += to.size())
            detail.replace(at, from.size(), to);
    };
    replaceAll(m_stagingPath, m_destination);
    replaceAll(m_stagingFolder, m_folder); // a companion's staged copy
    std::replace(detail.begin(), detail.end(), '\n', ' ');
    std::replace(detail.begin(), detail.end(), '\r', ' ');
    return makeError(ErrorCode::WriteFailed, m_destination, std::move(detail));
}

Result<void> AtomicFile::write(const void* data, std::size_t length)
{
    if (m_stagingFolder.empty())
        return makeError(ErrorCode::Internal, m_destination,
                         "cannot write: the file was committed or discarded");
    if (m_descriptor < 0) {
        m_descriptor = ::open(m_stagingPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (m_descriptor < 0)
            return failure("cannot create the staged file", errno);
    }
    if (const int error = writeAll(m_descriptor, static_cast<const char*>(data), length); error != 0)
        return failure("writing failed", error);
    return {};
}

Result<void> AtomicFile::commit()
{
    if (m_stagingFolder.empty())
        return makeError(ErrorCode::Internal, m_destination, "cannot write: nothing staged to commit");
    Result<void> result = commitStaged();
    discard();
    return result;
}

Result<void> AtomicFile::commitStaged()
{
    if (m_descriptor >= 0 && ::close(std::exchange(m_descriptor, -1)) != 0)
        return failure("closing the staged file failed", errno);
    const fs::path staging(m_stagingFolder);
    const fs::path folder(m_folder);
    std::vector<std::string> names;
    if (auto failed = listStaged(staging, fs::path(m_stagingPath).filename().string(), names))
        return failure(failed->what, failed->error);
    for (const std::string& name : names)
        if (const int error = syncPath((staging / name).string(), false); error != 0)
            return failure("flushing " + name + " to disk failed", error);
    struct stat previousInfo {};
    if (::stat(m_destination.c_str(), &previousInfo) == 0) // the new file keeps the old one's permissions
        (void)::chmod(m_stagingPath.c_str(), previousInfo.st_mode & 07777);
    std::vector<detail::JournalEntry> entries;
    if (auto failed = describeStaged(staging, folder, names, entries))
        return failure(failed->what, failed->error);
    linkPrevious(staging, folder, entries);
    if (entries.size() > 1) // a single rename needs no journal: it happens entirely or not at all
        if (auto failed = writeJournal(staging, entries))
            return failure(failed->what, failed->error);
    for (std::size_t n = 0; n < entries.size(); ++n) {
        if (::rename((staging / entries[n].name).c_str(), (folder / entries[n].name).c_str()) != 0) {
            const int error = errno;
            detail::putBack(m_stagingFolder, m_folder,
                            {entries.begin(), entries.begin() + std::ptrdiff_t(n)});
            (void)syncPath(m_folder, true);
            return failure("moving " + entries[n].name + " into place failed", error);
        }
        if (const detail::RenameHook hook = detail::renameHook())
            hook(static_cast<int>(n + 1));
    }
    if (const int error = syncPath(m_folder, true); error != 0) {
        detail::putBack(m_stagingFolder, m_folder, entries);
        (void)syncPath(m_folder, true);
        return failure("flushing the folder to disk failed", error);
    }
    (void)::unlink((staging / detail::kJournalName).c_str()); // the commit is complete
    return {};
}

Result<void> writeFileAtomically(const std::string& path, std::string_view bytes)
{
    auto file = AtomicFile::begin(path);
    if (!file)
        return file.error();
    if (auto written = file->write(bytes); !written)
        return written;
    return file->commit();
}

Result<std::string> readFile(const std::string& path, std::size_t maxBytes)
{
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec)
        return makeError(ErrorCode::FileNotFound, path, "cannot read: " + ec.message());
    if (size > maxBytes)
        return makeError(ErrorCode::TooLarge, path,
                         "file of " + std::to_string(size) + " bytes is too large");
    std::ifstream in(path, std::ios::binary);
    std::string bytes(size, '\0');
    if (!in.read(bytes.data(), std::streamsize(size)))
        return makeError(ErrorCode::ReadFailed, path, "read failed");
    return bytes;
}

} // namespace delineate
