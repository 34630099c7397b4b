#include "StderrCapture.h"

#include <cstdio>
#include <iostream>
#include <sys/mman.h>
#include <unistd.h>

namespace delineate::io::detail {

namespace {

constexpr std::size_t kMaxCaptured = 64 * 1024;

void flushStreams()
{
    std::cerr.flush();
    std::clog.flush();
    std::fflush(stderr);
}

} // namespace

StderrCapture::StderrCapture()
{
    flushStreams();
    m_capture = ::memfd_create("delineate-stderr", MFD_CLOEXEC);
    if (m_capture < 0)
        return;
    m_saved = ::dup(STDERR_FILENO);
    if (m_saved < 0 || ::dup2(m_capture, STDERR_FILENO) < 0) {
        if (m_saved >= 0)
            ::close(m_saved);
        ::close(m_capture);
        m_saved = m_capture = -1;
    }
}

StderrCapture::~StderrCapture()
{
    (void)finish();
}

std::string StderrCapture::finish()
{
    if (m_capture < 0)
        return {};
    flushStreams();
    ::dup2(m_saved, STDERR_FILENO);
    ::close(m_saved);
    std::string text(kMaxCaptured, '\0');
    const ssize_t got = ::pread(m_capture, text.data(), text.size(), 0);
    text.resize(got > 0 ? std::size_t(got) : 0);
    ::close(m_capture);
    m_saved = m_capture = -1;
    return text;
}

void StderrCapture::release(const std::string& text)
{
    if (!text.empty()) {
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fflush(stderr);
    }
}

} // namespace delineate::io::detail
