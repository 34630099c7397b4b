#pragma once
// The one way Delineate writes a file: volumes, label maps, JSON, adapters, project files, autosaves and
// command-line outputs all go through AtomicFile (or writeFileAtomically, which uses it).
//
//   auto file = AtomicFile::begin("/data/out.nii.gz");
//   if (!file) return file.error();
//   if (auto ok = file->write(bytes.data(), bytes.size()); !ok) return ok;   // streaming, or
//   someLibrary.writeTo(file->stagingPath());                                // a library writes by name
//   return file->commit();
//
// Guarantees
// 1. Staging in the destination's folder. Nothing is written at the destination until commit(): the new
//    content goes into a private staging folder created inside the destination's own folder (the same
//    file system, so the final renames are atomic), named `.<name>.delineate-<host>-<pid>-<token>`.
//    Inside it the file has its final name, so writers that derive companion files from the name
//    (MetaImage .mhd + .raw/.zraw, NIfTI/ANALYZE .hdr + .img, NRRD .nhdr + data file) write them beside
//    it, and commit() moves every file of the staging folder.
// 2. Every step checked. write() retries after EINTR and short writes and reports any other failure;
//    close is checked; commit() flushes every staged file to disk (fsync) before it renames anything,
//    and the folder after the renames. A library that may ignore its own write errors (ITK, OpenCV)
//    must be verified by its caller (size, read-back) before commit(); core/io does.
// 3. Rename only after a complete write. commit() renames the companions first and the named file last.
//    A new file keeps the permissions of the file it replaces.
// 4. The previous file is kept on failure. If anything fails — a write, a flush, a rename, the flush
//    of the folder — the destination and its companions keep their previous content (or stay absent):
//    files already renamed are put back from hard links taken before the first rename, and the staging
//    folder is removed. Dropping an AtomicFile without commit() removes what it staged.
// 5. A pair is never left half-replaced. A writer killed between the renames of a pair leaves a journal
//    in its staging folder; the next write into that folder puts the previous files back (the write
//    never completed), unless the named file was renamed already (then the write was complete and
//    stays). A reader that opens the pair in the microseconds between two renames may see the new
//    companion with the old header; nothing can prevent that for two names.
// 6. No litter for ever. begin() first removes the staging folders of dead writers in the destination's
//    folder: those whose process (host tag and pid in the name) no longer runs on this machine, and
//    any older than kStaleAfter (pid reuse, another machine on a shared folder), repairing as in 5.
//    Staging of earlier Delineate versions is removed too: `.<name>.tmp-<pid>-...` files of dead
//    processes, `.<name>.delineate-XXXXXX` folders (no pid) once older than kStaleAfter.
// 7. One-line errors, ErrorCode::WriteFailed, naming the destination, what failed and the operating
//    system's reason: "/data/out.nii.gz: cannot write: writing failed: File too large". failure()
//    keeps them so for callers that check a library's file (staged paths become the destination).
// A file system without hard links (FAT, some network shares) cannot keep a replaced file's previous
// version once its rename happened: a later failure then leaves the new, complete file in place.
//
// Not thread-safe per object; different objects may write in parallel, also into one folder.

#include "base/Result.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace delineate {

class AtomicFile {
public:
    // Staging folders older than this are stale even when their pid belongs to a live process.
    static constexpr std::chrono::hours kStaleAfter{24};

    // Creates the staging folder in the folder of `destination` (which must exist), after removing
    // stale staging folders there (guarantee 6).
    [[nodiscard]] static Result<AtomicFile> begin(const std::string& destination);

    AtomicFile(AtomicFile&& other) noexcept;
    AtomicFile& operator=(AtomicFile&& other) = delete;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    [[nodiscard]] const std::string& destination() const { return m_destination; }
    // Where a library that writes by file name writes: the staging folder + the destination's name.
    [[nodiscard]] const std::string& stagingPath() const { return m_stagingPath; }

    // Appends to the staged file (created on the first call).
    [[nodiscard]] Result<void> write(const void* data, std::size_t length);
    [[nodiscard]] Result<void> write(std::string_view bytes) { return write(bytes.data(), bytes.size()); }

    // A WriteFailed error about this destination: "<destination>: cannot write: <what>[: <errno text>]"
    // (errorNumber 0: no system reason). For callers that verify what a library wrote.
    [[nodiscard]] Error failure(const std::string& what, int errorNumber = 0) const;

    // Flushes and renames the staged files into place (guarantees 2–4). Call once.
    [[nodiscard]] Result<void> commit();

private:
    AtomicFile() = default;
    [[nodiscard]] Result<void> commitStaged();
    void discard();

    std::string m_destination;
    std::string m_folder;        // the destination's folder
    std::string m_stagingFolder; // empty once committed, discarded or moved from
    std::string m_stagingPath;
    int m_descriptor = -1; // the staged file while write() streams into it
};

// Writes `bytes` to `path` through AtomicFile.
[[nodiscard]] Result<void> writeFileAtomically(const std::string& path, std::string_view bytes);

// Removes stale staging folders in `folder` (guarantee 6); returns how many. begin() calls it; exposed for
// tests and for tools that tidy a folder without writing into it.
std::size_t removeStaleStaging(const std::string& folder,
                               std::chrono::seconds maxAge = AtomicFile::kStaleAfter);

// Reads a whole file of at most `maxBytes` bytes (FileNotFound, TooLarge, ReadFailed).
inline constexpr std::size_t kReadFileLimit = std::size_t(1) << 30;
[[nodiscard]] Result<std::string> readFile(const std::string& path, std::size_t maxBytes = kReadFileLimit);

} // namespace delineate
