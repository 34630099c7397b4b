#pragma once
// 2D pictures (PNG, JPEG, TIFF, BMP) through OpenCV: 8/16-bit grey → 1 component, colour → RGB
// (OpenCV decodes BGR), alpha dropped. Size (width, height, 1), no physical spacing. A multi-page TIFF
// whose pages share size and type loads as a stack (width, height, pages) with slice spacing 1 pixel;
// one with mixed pages loads its first page, with a note. And the way back for
// 2D label maps: PNG, 8-bit when every value fits, else 16-bit. Internal to delineate_io.

#include "base/Result.h"
#include "image/LabelMap.h"
#include "image/Volume.h"

#include <string>

namespace delineate::io::detail {

[[nodiscard]] Result<image::Volume> readWithOpenCv(const std::string& path);
// `labels` must be 2D (one slice); row j of the picture is j of the grid.
[[nodiscard]] Result<void> writeLabelsPng(const image::LabelMap& labels, bool eightBit, const std::string& path);

} // namespace delineate::io::detail
