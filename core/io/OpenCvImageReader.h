#pragma once
// 2D pictures (PNG, JPEG, TIFF, BMP) through OpenCV: 8/16-bit grey → 1 component, colour → RGB
// (OpenCV decodes BGR), alpha dropped. Size (width, height, 1), no physical spacing. Internal to delineate_io.

#include "base/Result.h"
#include "image/Volume.h"

#include <string>

namespace delineate::io::detail {

[[nodiscard]] Result<image::Volume> readWithOpenCv(const std::string& path);

} // namespace delineate::io::detail
