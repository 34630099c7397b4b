#include "FuzzInput.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <system_error>
#include <unistd.h>

namespace delineate::fuzz {
namespace {

std::filesystem::path baseFolder()
{
    std::error_code ignored;
    if (std::filesystem::is_directory("/dev/shm", ignored) && access("/dev/shm", W_OK) == 0)
        return "/dev/shm";
    const char* tmp = std::getenv("TMPDIR");
    return tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
}

// Folders left by fuzzers that crashed (no destructor ran) and whose process is gone.
void removeStaleFolders(const std::filesystem::path& base)
{
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(base, error)) {
        const std::string name = entry.path().filename().string();
        const std::string prefix = "delineate-fuzz-";
        if (name.rfind(prefix, 0) != 0)
            continue;
        const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
        if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
            std::filesystem::remove_all(entry.path(), error);
    }
}

struct ScratchFolder {
    std::filesystem::path path;

    ScratchFolder() : path(baseFolder() / ("delineate-fuzz-" + std::to_string(getpid())))
    {
        removeStaleFolders(path.parent_path());
        std::error_code error;
        std::filesystem::create_directories(path, error);
        if (error) {
            std::fprintf(stderr, "fuzz: cannot make %s: %s\n", path.c_str(), error.message().c_str());
            std::abort();
        }
    }

    ~ScratchFolder()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
};

} // namespace

std::string writeScratchFile(std::string_view name, const std::uint8_t* data, std::size_t size)
{
    static ScratchFolder folder;
    const std::filesystem::path path = folder.path / name;
    // A scratch file of the harness, not a project output: AtomicFile's fsync would only slow the fuzzer.
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) {
        std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
    return path.string();
}

} // namespace delineate::fuzz
