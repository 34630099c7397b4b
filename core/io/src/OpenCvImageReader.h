#pragma once
// 2D pictures (PNG, JPEG, TIFF, BMP) through OpenCV: 8/16-bit grey → 1 component, colour → RGB
// (OpenCV decodes BGR), alpha dropped. Size (width, height, 1), no physical spacing. A multi-page TIFF
// whose pages share size and type loads as a stack (width, height, pages) with slice spacing 1 pixel;
// one with mixed pages loads its first page, with a note. (The way back, PNG, is PngEncoder.h.)
// Internal to delineate_io.

#include "base/Result.h"
#include "image/Volume.h"

#include <string>

namespace delineate::io::detail {

[[nodiscard]] Result<image::Volume> readWithOpenCv(const std::string& path);

} // namespace delineate::io::detail
