#pragma once
// Streams a file so that readers see either the old content or the complete new one. The bytes
// go to a temporary file next to `path` (base/AtomicFile.h: temporaryPathFor); commit() hands it
// to commitTemporaryFile (fsync, rename over `path`, folder sync). Unlike writeFileAtomically()
// the content never has to be in memory at once, which matters for multi-GB tensor files.
// Destroying an uncommitted writer removes the temporary file.

#include "base/Result.h"

#include <cstdint>
#include <string>

namespace delineate::tensorio::detail {

class AtomicFileWriter {
public:
    // WriteFailed when the temporary file cannot be created (missing folder, permissions).
    static Result<AtomicFileWriter> create(const std::string& path);

    AtomicFileWriter(AtomicFileWriter&& other) noexcept;
    AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
    ~AtomicFileWriter();

    [[nodiscard]] Result<void> write(const void* data, std::uint64_t length);
    // Makes the new content durable and visible under the final path.
    [[nodiscard]] Result<void> commit();

private:
    AtomicFileWriter(int descriptor, std::string path, std::string temporaryPath);
    Error failure(const std::string& what, int error) const;

    int m_descriptor = -1;
    std::string m_path;
    std::string m_temporaryPath;
    bool m_finished = false;  // committed, or handed over by a move
};

} // namespace delineate::tensorio::detail
