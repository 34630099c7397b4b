#pragma once
// Atomic writes: a writer fills a private staging folder next to the destination; commit() flushes every
// file to disk (fsync) and renames them into place, the file named by the destination last, so readers
// never see a half-written file. Dropping an uncommitted AtomicFile removes the staging folder.
// Internal to delineate_io.

#include "base/Result.h"

#include <string>

namespace delineate::io::detail {

class AtomicFile {
public:
    // Prepares a staging folder in the folder of `destination` (which must exist).
    static Result<AtomicFile> begin(const std::string& destination);

    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&& other) = delete;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    // Where to write: staging folder + the destination's file name (companion files such as a .raw next to
    // a .mhd may be written beside it and are moved too).
    [[nodiscard]] const std::string& stagingPath() const { return m_stagingPath; }
    [[nodiscard]] const std::string& destination() const { return m_destination; }

    // fsync + rename into place. On failure nothing at the destination has been replaced by a partial file.
    [[nodiscard]] Result<void> commit();

private:
    AtomicFile() = default;
    void removeStaging();

    std::string m_destination;
    std::string m_stagingFolder;
    std::string m_stagingPath;
};

} // namespace delineate::io::detail
