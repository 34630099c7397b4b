#pragma once
// Checks MetaImage and NRRD files before ITK reads them: ITK 5.2 loads a truncated compressed .mha or
// .nrrd without an error (measured), so the data is verified here — raw data must be as long as the header
// promises, compressed data must inflate to exactly that length and end with a valid stream trailer.
// Costs one extra decompression for compressed files. Internal to delineate_io.

#include "base/Result.h"

#include <string>

namespace delineate::io::detail {

[[nodiscard]] Result<void> checkMetaImageData(const std::string& path);
[[nodiscard]] Result<void> checkNrrdData(const std::string& path);

} // namespace delineate::io::detail
