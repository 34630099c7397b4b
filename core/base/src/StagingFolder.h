#pragma once
// The staging folders of AtomicFile (base/AtomicFile.h): their names, the journal a commit of several
// files leaves while it renames, putting a pair back after a writer died mid-commit, and finding the
// staging folders of dead writers. Internal to delineate_base.
//
// Layout of a staging folder `<folder>/.<name>.delineate-<host>-<pid>-<token>/`:
//   <name>, <companions>       the staged files, with their final names
//   .delineate-previous/<f>    hard links to the files a commit of several files replaces
//   .delineate-journal         written (and flushed) before the first rename of such a commit: one line
//                              per file in rename order, "<inode> <replaces> <name>" (replaces: 1 when
//                              a previous file was there), the named file last

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace delineate::detail {

inline constexpr const char* kJournalName = ".delineate-journal";
inline constexpr const char* kPreviousName = ".delineate-previous";

// 8 hex digits standing for this machine (a hash of its host name).
[[nodiscard]] const std::string& hostTag();
// 8 random hex digits.
[[nodiscard]] std::string randomToken();

// The staging folder name for a destination file name (long names are shortened; the staged file
// inside keeps the full name): ".<name>.delineate-<host>-<pid>-<token>".
[[nodiscard]] std::string stagingFolderName(const std::string& fileName, const std::string& token);

struct StagingOwner {
    std::string host; // empty for staging files of earlier versions
    long pid = 0;     // 0 when the name carries none
    bool legacy = false;
};
// Whether a folder entry is staging of ours (this or an earlier version), and whose.
[[nodiscard]] std::optional<StagingOwner> parseStagingName(const std::string& entryName);

struct JournalEntry {
    std::uint64_t inode = 0; // of the staged file, which keeps its inode through the rename
    bool replaces = false;   // a previous file was at the destination
    std::string name;
};
[[nodiscard]] std::string formatJournal(const std::vector<JournalEntry>& entries);
[[nodiscard]] std::vector<JournalEntry> parseJournal(const std::string& text);

// Puts back what renames of a commit replaced: each file of `renamed` that is in `folder` (still with the
// inode the entry names, unless the inode is 0) gets its previous version back from the hard link in
// `stagingFolder`, or is removed when there was none before. A replaced file whose previous version has
// no hard link (a file system without them) is left as it is. Best effort; false when something failed.
bool putBack(const std::string& stagingFolder, const std::string& folder,
             const std::vector<JournalEntry>& renamed);

// Undoes the renames of an incomplete commit recorded in `stagingFolder`'s journal (putBack of the
// files renamed before the writer died). Does nothing when the named file (the last entry) was
// renamed: that commit was complete.
bool rollBackIncompleteCommit(const std::string& stagingFolder, const std::string& folder);

// Test hook: called after each rename of a commit with the number of files renamed so far (tests kill
// the writer there to leave a half-renamed pair).
using RenameHook = void (*)(int renamed);
void setRenameHookForTesting(RenameHook hook);
[[nodiscard]] RenameHook renameHook();

} // namespace delineate::detail
