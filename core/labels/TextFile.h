#pragma once
// Small text files for label tables: bounded reads and atomic writes (temporary file in the same folder,
// fsync, rename). Internal to delineate_labels.

#include "base/Result.h"

#include <string>

namespace delineate::labels::detail {

// Reads a whole text file; refuses files over `maxBytes` (label tables are small).
[[nodiscard]] Result<std::string> readTextFile(const std::string& path, std::size_t maxBytes = 16u << 20);

[[nodiscard]] Result<void> writeTextFileAtomically(const std::string& path, const std::string& text);

} // namespace delineate::labels::detail
