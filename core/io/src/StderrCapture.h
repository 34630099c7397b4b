#pragma once
// Catches what ITK's bundled libraries print to the standard error stream while they write (niftilib:
// "** ERROR: NWAD: wrote only ..."; MetaIO: "MetaImage: M_WriteElementsData: file stream is fail after
// write"): the caller reports one line of its own instead. While an object lives, file descriptor 2 of
// the whole process points at an in-memory file; finish() (or the destructor) points it back. Whatever
// other threads print meanwhile is caught too: pass the text to release() when the write succeeded so
// that nothing is lost. Internal to delineate_io.

#include <string>

namespace delineate::io::detail {

class StderrCapture {
public:
    StderrCapture();
    ~StderrCapture();
    StderrCapture(const StderrCapture&) = delete;
    StderrCapture& operator=(const StderrCapture&) = delete;

    // Points the error stream back and returns what was printed (at most 64 KiB).
    std::string finish();
    // Prints `text` (what finish() returned) on the restored error stream.
    static void release(const std::string& text);

private:
    int m_saved = -1;   // the original descriptor 2
    int m_capture = -1; // the in-memory file
};

} // namespace delineate::io::detail
