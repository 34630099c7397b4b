#include "startup/AllocatorTuning.h"

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <malloc.h>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace delineate {

namespace {

// Heap kept advised for huge pages, grown once at start-up (see the header for the size).
constexpr std::size_t kHugePageHeapBytes = std::size_t{1536} << 20;
constexpr std::uintptr_t kHugePageBytes = std::uintptr_t{2} << 20;

bool builtWithSanitizer()
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
    return true;
#else
    return false;
#endif
#else
    return false;
#endif
}

bool transparentHugePagesOnlyWhenAdvised()
{
    std::string mode;
    std::getline(std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled"), mode);
    return mode.find("[madvise]") != std::string::npos;
}

// Grows the heap by kHugePageHeapBytes at once (one brk, nothing touched, so no memory is used yet), frees
// it again (the trim threshold keeps it mapped) and advises the whole range for huge pages. Later blocks
// are cut from that range and fault in 2 MB at a time. Without it the kernel ("madvise" mode) never
// gives this heap huge pages; glibc's own switch for it (glibc.malloc.hugetlb) is read only from the
// environment at process start.
void adviseHeapForHugePages()
{
    auto* const before = static_cast<char*>(sbrk(0));
    void* volatile block = std::malloc(kHugePageHeapBytes); // volatile: the compiler may not drop the pair
    auto* const after = static_cast<char*>(sbrk(0));
    std::free(block);
    // madvise wants a page-aligned start: the first 2 MB boundary at or above the old break.
    const auto misalignment = reinterpret_cast<std::uintptr_t>(before) % kHugePageBytes;
    char* const start = before + (misalignment != 0 ? kHugePageBytes - misalignment : 0);
    if (block && after > start)
        madvise(start, static_cast<std::size_t>(after - start), MADV_HUGEPAGE); // a failure costs only speed
}

} // namespace

void keepFreedMemoryForReuse()
{
#if defined(__GLIBC__) && defined(__linux__)
    if (std::getenv("DELINEATE_DEFAULT_MALLOC") || builtWithSanitizer())
        return;
    mallopt(M_MMAP_MAX, 0);             // large blocks from the heap, not from fresh mappings
    mallopt(M_TRIM_THRESHOLD, INT_MAX); // keep freed heap for the next image
    // One arena for every thread: a thread's own arena gives whole free heaps back to the kernel
    // whatever the trim threshold, so the model thread page-faulted its activations on every image.
    mallopt(M_ARENA_MAX, 1);
    if (!std::getenv("DELINEATE_NO_HUGE_PAGES") && transparentHugePagesOnlyWhenAdvised())
        adviseHeapForHugePages();
#endif
}

} // namespace delineate
