#pragma once
// Crash-safe file writes: write a temporary file next to the target, flush it to disk, rename it over the
// target, then sync the folder. A crash at any point leaves either the old or the new file, never a mix.

#include "base/Result.h"

#include <string>
#include <string_view>

namespace delineate {

[[nodiscard]] Result<void> writeFileAtomically(const std::string& path, std::string_view bytes);

// For writers that need a file name (ITK, niftilib): returns a unique temporary path in the target's
// folder; after writing it, call commitTemporaryFile() (fsync + rename + folder sync) or remove it.
[[nodiscard]] std::string temporaryPathFor(const std::string& path);
[[nodiscard]] Result<void> commitTemporaryFile(const std::string& temporaryPath, const std::string& path);

[[nodiscard]] Result<std::string> readFile(const std::string& path, std::size_t maxBytes = std::size_t(1) << 30);

} // namespace delineate
