#pragma once
// Checks MetaImage and NRRD files before ITK reads them: ITK 5.2 loads a truncated compressed .mha or
// .nrrd without an error (measured), so the data is verified here — raw data must be as long as the header
// promises, compressed data must inflate to exactly that length and end with a valid stream trailer.
// Costs one extra decompression for compressed files. Internal to delineate_io.

#include "base/Result.h"

#include <cstdint>
#include <string>

namespace delineate::io::detail {

[[nodiscard]] Result<void> checkMetaImageData(const std::string& path);
// The image data of `dataPath` from byte `offset` on: a plain file must hold at least `bytes` more bytes; a
// compressed one (zlib or gzip) must inflate to at least `bytes` and end with a verified trailer.
[[nodiscard]] Result<void> checkImageData(const std::string& dataPath, std::int64_t offset,
                                          std::int64_t bytes, bool compressed);
[[nodiscard]] Result<void> checkNrrdData(const std::string& path);

} // namespace delineate::io::detail
