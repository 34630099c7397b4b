#include "StagingFolder.h"

#include "base/AtomicFile.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <random>
#include <regex>
#include <signal.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace delineate::detail {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxNameInFolderName = 96;

std::atomic<RenameHook> g_renameHook{nullptr};

bool processRuns(long pid)
{
    if (pid <= 0)
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

bool olderThan(const fs::path& path, std::chrono::seconds maxAge)
{
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0)
        return false;
    const auto modified = std::chrono::system_clock::from_time_t(info.st_mtime);
    return std::chrono::system_clock::now() - modified > maxAge;
}

bool stale(const fs::path& path, const StagingOwner& owner, std::chrono::seconds maxAge)
{
    if (olderThan(path, maxAge))
        return true;
    if (owner.pid == 0) // an earlier version's staging folder: no owner to ask, the age decides
        return false;
    const bool thisMachine = owner.legacy || owner.host == hostTag();
    return thisMachine && !processRuns(owner.pid);
}

std::optional<std::string> readSmallFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

const std::string& hostTag()
{
    static const std::string tag = [] {
        char name[256] = {};
        if (::gethostname(name, sizeof name - 1) != 0)
            name[0] = '\0';
        std::uint32_t hash = 2166136261u; // FNV-1a
        for (const char* c = name; *c; ++c)
            hash = (hash ^ static_cast<unsigned char>(*c)) * 16777619u;
        char text[9];
        std::snprintf(text, sizeof text, "%08x", hash);
        return std::string(text);
    }();
    return tag;
}

std::string randomToken()
{
    static std::mutex mutex;
    static std::mt19937 generator{std::random_device{}() ^ static_cast<std::uint32_t>(::getpid())};
    const std::lock_guard<std::mutex> lock(mutex);
    char text[9];
    std::snprintf(text, sizeof text, "%08x", static_cast<std::uint32_t>(generator()));
    return text;
}

std::string stagingFolderName(const std::string& fileName, const std::string& token)
{
    return "." + fileName.substr(0, kMaxNameInFolderName) + ".delineate-" + hostTag() + "-" +
           std::to_string(::getpid()) + "-" + token;
}

std::optional<StagingOwner> parseStagingName(const std::string& entryName)
{
    static const std::regex current(R"(^\..+\.delineate-([0-9a-f]{8})-([0-9]{1,10})-[0-9a-f]{8}$)");
    static const std::regex earlierFolder(R"(^\..+\.delineate-[A-Za-z0-9]{6}$)");  // mkdtemp
    static const std::regex earlierFile(R"(^\..+\.tmp-([0-9]{1,10})-[0-9]+-.+$)"); // pid, counter
    if (entryName.empty() || entryName[0] != '.')
        return std::nullopt;
    std::smatch match;
    if (std::regex_match(entryName, match, current))
        return StagingOwner{match[1].str(), std::stol(match[2].str()), false};
    if (std::regex_match(entryName, earlierFolder))
        return StagingOwner{{}, 0, true};
    if (std::regex_match(entryName, match, earlierFile))
        return StagingOwner{{}, std::stol(match[1].str()), true};
    return std::nullopt;
}

std::string formatJournal(const std::vector<JournalEntry>& entries)
{
    std::string text;
    for (const JournalEntry& entry : entries)
        text += std::to_string(entry.inode) + (entry.replaces ? " 1 " : " 0 ") + entry.name + "\n";
    return text;
}

std::vector<JournalEntry> parseJournal(const std::string& text)
{
    static const std::regex line(R"(^([0-9]{1,20}) ([01]) ([^/]+)$)");
    std::vector<JournalEntry> entries;
    std::istringstream lines(text);
    std::string row;
    while (std::getline(lines, row)) {
        std::smatch match;
        if (!std::regex_match(row, match, line) || match[3] == "." || match[3] == "..")
            return {}; // a journal cut short: its commit never began renaming
        entries.push_back({std::stoull(match[1].str()), match[2] == "1", match[3].str()});
    }
    return entries;
}

bool putBack(const std::string& stagingFolder, const std::string& folder,
             const std::vector<JournalEntry>& renamed)
{
    bool restored = true;
    for (const JournalEntry& entry : renamed) {
        const fs::path destination = fs::path(folder) / entry.name;
        struct stat info {};
        if (::lstat(destination.c_str(), &info) != 0 ||
            (entry.inode != 0 && static_cast<std::uint64_t>(info.st_ino) != entry.inode))
            continue; // not the file this commit put there (replaced by someone else since)
        const fs::path previous = fs::path(stagingFolder) / kPreviousName / entry.name;
        if (::access(previous.c_str(), F_OK) == 0)
            restored = ::rename(previous.c_str(), destination.c_str()) == 0 && restored;
        else if (!entry.replaces)
            restored = ::unlink(destination.c_str()) == 0 && restored;
        else
            restored = false; // the previous version could not be kept (no hard links): keep the new one
    }
    return restored;
}

bool rollBackIncompleteCommit(const std::string& stagingFolder, const std::string& folder)
{
    const fs::path staging(stagingFolder);
    const auto text = readSmallFile(staging / kJournalName);
    if (!text)
        return true; // no journal: nothing was renamed, or a single file (one atomic rename)
    const std::vector<JournalEntry> entries = parseJournal(*text);
    std::error_code ec;
    if (entries.empty() || !fs::exists(staging / entries.back().name, ec))
        return true; // cut-short journal (no rename began), or the named file renamed: complete
    std::vector<JournalEntry> renamed;
    for (const JournalEntry& entry : entries)
        if (!fs::exists(staging / entry.name, ec))
            renamed.push_back(entry);
    return putBack(stagingFolder, folder, renamed);
}

void setRenameHookForTesting(RenameHook hook)
{
    g_renameHook = hook;
}

RenameHook renameHook()
{
    return g_renameHook.load();
}

} // namespace delineate::detail

namespace delineate {

std::size_t removeStaleStaging(const std::string& folder, std::chrono::seconds maxAge)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path base = folder.empty() ? fs::path(".") : fs::path(folder);
    std::vector<std::pair<fs::path, detail::StagingOwner>> found;
    for (fs::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() < 2 || name[0] != '.' ||
            (name.find(".delineate-") == std::string::npos && name.find(".tmp-") == std::string::npos))
            continue;
        if (auto owner = detail::parseStagingName(name); owner && detail::stale(it->path(), *owner, maxAge))
            found.emplace_back(it->path(), *owner);
    }
    std::size_t removed = 0;
    for (const auto& [path, owner] : found) {
        // Claim it first (one atomic rename) so that two writers never repair the same folder twice; the
        // claimed name is a staging name of this process, so a crash here leaves it for the next writer.
        const fs::path claimed = base / detail::stagingFolderName("stale", detail::randomToken());
        if (::rename(path.c_str(), claimed.c_str()) != 0)
            continue;
        if (fs::is_directory(claimed, ec))
            detail::rollBackIncompleteCommit(claimed.string(), base.string());
        fs::remove_all(claimed, ec);
        ++removed;
    }
    return removed;
}

} // namespace delineate
