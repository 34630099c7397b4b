#pragma once
// PNG encoding in memory (OpenCV's encoder). Internal to delineate_io.

#include "base/Result.h"

#include <string>
#include <vector>

namespace delineate::io::detail {

// `pixels`: `height` rows of `width` × `components` samples (1 = grey, 3 = RGB), 8 bits each or, with
// `sixteenBit`, 16 bits in host order. `path` only names errors.
[[nodiscard]] Result<std::vector<unsigned char>> encodePng(const void* pixels, int width, int height,
                                                           int components, bool sixteenBit,
                                                           const std::string& path);

} // namespace delineate::io::detail
