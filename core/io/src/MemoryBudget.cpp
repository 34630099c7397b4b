#include "MemoryBudget.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

namespace delineate::io::detail {

namespace {

// "<Field>:   <n> kB" from a /proc file, in bytes; -1 when absent.
std::int64_t procField(const char* file, const std::string& field)
{
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, field.size() + 1, field + ":") != 0)
            continue;
        std::istringstream values(line.substr(field.size() + 1));
        std::int64_t kilobytes = -1;
        values >> kilobytes;
        return kilobytes < 0 ? -1 : kilobytes * 1024;
    }
    return -1;
}

std::string gibibytes(double bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
    return text;
}

} // namespace

std::int64_t availableMemoryBytes()
{
    std::int64_t available = procField("/proc/meminfo", "MemAvailable");
    if (available < 0) {
        const long pages = ::sysconf(_SC_AVPHYS_PAGES);
        const long pageSize = ::sysconf(_SC_PAGESIZE);
        if (pages > 0 && pageSize > 0)
            available = static_cast<std::int64_t>(pages) * pageSize;
    }
    rlimit limit{};
    if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        const std::int64_t used = procField("/proc/self/status", "VmSize");
        const auto headroom = static_cast<std::int64_t>(limit.rlim_cur) - std::max<std::int64_t>(used, 0);
        available = available < 0 ? headroom : std::min(available, headroom);
    }
    return available;
}

bool largeVolumesAllowedByEnvironment()
{
    const char* value = std::getenv("DELINEATE_ALLOW_LARGE");
    return value && *value && std::strcmp(value, "0") != 0;
}

Result<void> checkDecodedSize(const std::string& path, const std::array<std::int64_t, 3>& size,
                              int components, bool allowLarge)
{
    if (allowLarge || largeVolumesAllowedByEnvironment())
        return {};
    const double bytes = static_cast<double>(size[0]) * static_cast<double>(size[1]) *
                         static_cast<double>(size[2]) * components * sizeof(float);
    const std::int64_t available = availableMemoryBytes();
    if (available < 0 || bytes <= static_cast<double>(available))
        return {};
    return makeError(ErrorCode::TooLarge, path,
                     "the image declares " + std::to_string(size[0]) + "x" + std::to_string(size[1]) + "x" +
                         std::to_string(size[2]) + " voxels (" + gibibytes(bytes) +
                         " decoded), more than the " + gibibytes(static_cast<double>(available)) +
                         " of memory available (--allow-large or DELINEATE_ALLOW_LARGE=1 to load it anyway)");
}

} // namespace delineate::io::detail
