#pragma once
// Writes a 2D picture as PNG through the one atomic writer (base/AtomicFile.h): the picture is encoded in
// memory first (OpenCV ignores some write errors when it writes a file itself), then written with every
// write checked, flushed and renamed into place. On failure the previous file stays.

#include "base/Result.h"
#include "image/Slice.h"

#include <cstdint>
#include <string>

namespace delineate::io {

// `picture`: row-major, 1 component (grey) or 3 (RGB), row 0 at the top.
[[nodiscard]] Result<void> savePng(const image::Image2D<std::uint8_t>& picture, const std::string& path);

} // namespace delineate::io
