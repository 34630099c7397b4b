// keepFreedMemoryForReuse (app/startup): freed large blocks stay with the process, large blocks are advised
// for huge pages when the kernel wants to be asked, the opt-outs work, and the program is never executed a
// second time (the old mechanism re-executed /proc/self/exe). Each case runs this program again as a probe
// (`--probe`) under a chosen environment; the probe calls keepFreedMemoryForReuse first thing, as main()
// does, and prints what /proc/self/smaps shows. The expectations are the header's rules, written by hand.

#include "startup/AllocatorTuning.h"
#include "support/MiniTest.h"

#include <cerrno>
#include <cinttypes>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct Mapping {
    bool mapped = false;
    bool advisedForHugePages = false; // "hg" in VmFlags: MADV_HUGEPAGE
};

Mapping mappingOf(std::uintptr_t address)
{
    std::ifstream smaps("/proc/self/smaps");
    Mapping found;
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        std::uintptr_t start = 0, end = 0;
        if (std::sscanf(line.c_str(), "%" SCNxPTR "-%" SCNxPTR " ", &start, &end) == 2 &&
            line.find(' ') < 40) {
            inside = start <= address && address < end;
            found.mapped = found.mapped || inside;
        } else if (inside && line.rfind("VmFlags:", 0) == 0) {
            found.advisedForHugePages = (line + " ").find(" hg ") != std::string::npos;
        }
    }
    return found;
}

int probe()
{
    delineate::keepFreedMemoryForReuse();
    constexpr std::size_t kBytes = std::size_t{64} << 20;
    auto* block = static_cast<char*>(std::malloc(kBytes));
    block[0] = 1;
    // The middle of the block: its first bytes may lie below the first 2 MB boundary of the advised range.
    const auto middle = reinterpret_cast<std::uintptr_t>(block) + kBytes / 2;
    const Mapping before = mappingOf(middle);
    std::free(block);
    const Mapping after = mappingOf(middle); // glibc's defaults: a 64 MB block is its own mapping, unmapped
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    std::printf("huge=%s kept=%s tunables=%s\n", before.advisedForHugePages ? "yes" : "no",
                after.mapped ? "yes" : "no", tunables ? tunables : "(unset)");
    return 0;
}

std::string selfPath()
{
    char path[4096] = {};
    const ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
    return length > 0 ? std::string(path, static_cast<std::size_t>(length)) : std::string();
}

// Runs the probe with `assignments` ("A=1 B=2") added to an environment without the variables involved.
std::string runProbe(const std::string& assignments)
{
    const std::string command =
        "env -u GLIBC_TUNABLES -u DELINEATE_NO_HUGE_PAGES -u DELINEATE_DEFAULT_MALLOC " + assignments + " '" +
        selfPath() + "' --probe";
    FILE* pipe = popen(command.c_str(), "r");
    MINITEST_REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof(buffer), pipe))
        output += buffer;
    MINITEST_REQUIRE(pclose(pipe) == 0);
    return output;
}

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

std::string hugePageMode()
{
    std::string mode;
    std::getline(std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled"), mode);
    return mode;
}

} // namespace

MINITEST_CASE(freedLargeBlocksStayWithTheProcess)
{
    if (builtWithSanitizer())
        MINITEST_SKIP("a sanitizer's allocator is in charge in this build");
    const std::string output = runProbe("DELINEATE_NO_HUGE_PAGES=1");
    MINITEST_CHECK_MSG(output == "huge=no kept=yes tunables=(unset)\n", output);
}

MINITEST_CASE(largeBlocksAreAdvisedForHugePages)
{
    if (builtWithSanitizer())
        MINITEST_SKIP("a sanitizer's allocator is in charge in this build");
    if (hugePageMode().find("[madvise]") == std::string::npos)
        MINITEST_SKIP("the kernel's transparent huge page mode is not \"madvise\" here: " + hugePageMode());
    const std::string output = runProbe("");
    MINITEST_CHECK_MSG(output == "huge=yes kept=yes tunables=(unset)\n", output);
}

MINITEST_CASE(defaultMallocOptOutKeepsGlibcDefaults)
{
    const std::string output = runProbe("DELINEATE_DEFAULT_MALLOC=1");
    MINITEST_CHECK_MSG(output == "huge=no kept=no tunables=(unset)\n", output);
}

MINITEST_CASE(usersTunablesAreLeftAlone)
{
    const std::string output =
        runProbe("DELINEATE_DEFAULT_MALLOC=1 GLIBC_TUNABLES=glibc.malloc.tcache_count=5");
    MINITEST_CHECK_MSG(output == "huge=no kept=no tunables=glibc.malloc.tcache_count=5\n", output);
}

// A debugger must keep its process: the tracer sees exactly one exec (the one that starts the probe).
MINITEST_CASE(programIsNotExecutedAgain)
{
    const std::string self = selfPath();
    const pid_t child = fork();
    MINITEST_REQUIRE(child >= 0);
    if (child == 0) {
        if (ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) != 0)
            _exit(errno == EPERM ? 3 : 2);
        unsetenv("GLIBC_TUNABLES");
        unsetenv("DELINEATE_NO_HUGE_PAGES");
        unsetenv("DELINEATE_DEFAULT_MALLOC");
        if (!std::freopen("/dev/null", "w", stdout))
            _exit(2);
        execl(self.c_str(), self.c_str(), "--probe", static_cast<char*>(nullptr));
        _exit(4);
    }
    int execs = 0;
    int status = 0;
    while (waitpid(child, &status, 0) == child && WIFSTOPPED(status)) {
        const int signal = WSTOPSIG(status);
        if (signal == SIGTRAP)
            ++execs; // without PTRACE_O_TRACEEXEC every successful exec stops the tracee with SIGTRAP
        ptrace(PTRACE_CONT, child, nullptr, signal == SIGTRAP ? 0 : signal);
    }
    MINITEST_REQUIRE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 3)
        MINITEST_SKIP("ptrace(PTRACE_TRACEME) is not permitted here");
    MINITEST_CHECK_MSG(WEXITSTATUS(status) == 0, "probe exit code " << WEXITSTATUS(status));
    MINITEST_CHECK_MSG(execs == 1, execs << " exec stops");
}

int main(int argc, char** argv)
{
    if (argc > 1 && std::string(argv[1]) == "--probe")
        return probe();
    return minitest::runAll(argc, argv);
}
