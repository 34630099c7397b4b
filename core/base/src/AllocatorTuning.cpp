#include "base/AllocatorTuning.h"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <malloc.h>
#include <string>
#include <unistd.h>

#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif

namespace delineate {

void keepFreedMemoryForReuse()
{
#if defined(__GLIBC__)
    mallopt(M_MMAP_MAX, 0);                       // large blocks from the heap, not from fresh mappings
    mallopt(M_TRIM_THRESHOLD, INT_MAX);           // keep freed heap for the next image
    // One arena for every thread: a thread's own arena gives whole free heaps back to the kernel
    // whatever the trim threshold, so the model thread page-faulted its activations on every image.
    mallopt(M_ARENA_MAX, 1);
#endif
}

void restartWithHugePages(char** argv)
{
#if defined(__GLIBC__) && defined(__linux__)
    constexpr const char* kTunable = "glibc.malloc.hugetlb=1";
    const char* current = std::getenv("GLIBC_TUNABLES");
    const std::string tunables = current ? current : "";
    if (std::getenv("DELINEATE_NO_HUGE_PAGES") || tunables.find("glibc.malloc.hugetlb") != std::string::npos)
        return;
    int major = 0, minor = 0;
    if (std::sscanf(gnu_get_libc_version(), "%d.%d", &major, &minor) != 2 || major < 2 || (major == 2 && minor < 35))
        return;
    std::string mode;
    std::getline(std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled"), mode);
    if (mode.empty() || mode.find("[never]") != std::string::npos)
        return;
    const std::string updated = tunables.empty() ? kTunable : tunables + ":" + kTunable;
    if (setenv("GLIBC_TUNABLES", updated.c_str(), 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    // Still here: carry on with the normal allocator (the variable stays set for child processes).
#else
    (void)argv;
#endif
}

} // namespace delineate
