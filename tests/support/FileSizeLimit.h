#pragma once
// A full disk without root: RLIMIT_FSIZE caps the size a process may give any regular file. With SIGXFSZ
// ignored, a write past the cap fails with EFBIG ("File too large"), as a write to a full disk fails with
// ENOSPC: the program goes on and must notice. Pipes and terminals (the test log) are not regular files
// and are not limited.
//
//   { FileSizeLimit limit(4096); QVERIFY(!writeSomething(path).ok()); }  // this process, for a while
//   process.setChildProcessModifier(FileSizeLimit::childModifier(4096)); // a child process (QProcess)
//
// The soft limit is lowered and put back; the hard limit is left alone, so no privilege is needed.

#include <csignal>
#include <cstdint>
#include <functional>
#include <sys/resource.h>

namespace delineate::test {

class FileSizeLimit {
public:
    explicit FileSizeLimit(std::uint64_t bytes)
    {
        m_previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        ::getrlimit(RLIMIT_FSIZE, &m_previous);
        rlimit limited = m_previous;
        limited.rlim_cur = static_cast<rlim_t>(bytes);
        m_active = ::setrlimit(RLIMIT_FSIZE, &limited) == 0;
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_previous);
        std::signal(SIGXFSZ, m_previousHandler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

    // False when the limit could not be set (the test must then fail, not pass).
    [[nodiscard]] bool active() const { return m_active; }

    // For QProcess::setChildProcessModifier: runs in the child between fork and exec (async-signal-safe
    // calls only); the ignored SIGXFSZ and the limit survive exec.
    static std::function<void()> childModifier(std::uint64_t bytes)
    {
        return [bytes] {
            std::signal(SIGXFSZ, SIG_IGN);
            rlimit limited{};
            ::getrlimit(RLIMIT_FSIZE, &limited);
            limited.rlim_cur = static_cast<rlim_t>(bytes);
            ::setrlimit(RLIMIT_FSIZE, &limited);
        };
    }

private:
    rlimit m_previous{};
    void (*m_previousHandler)(int) = SIG_DFL;
    bool m_active = false;
};

} // namespace delineate::test
