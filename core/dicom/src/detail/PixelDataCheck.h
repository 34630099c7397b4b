#pragma once
// Validating the pixel data element against the header before anything is allocated or decoded:
// enough bytes for Rows × Columns × Frames × Samples × BitsAllocated, at least one fragment per frame for
// compressed data, a plausible compression ratio, and a decoder for the transfer syntax.

#include "base/Result.h"

#include <string>

class DcmDataset;

namespace delineate::dicom::detail {

struct ImageHeader;

// A compressed frame may not claim more than this many times its share of the file, unless the whole image
// is small (constant images compress extremely well).
inline constexpr double kMaxCompressionRatio = 2000.0;
inline constexpr std::uint64_t kSmallImageBytes = std::uint64_t(256) << 20;

[[nodiscard]] Result<void> checkPixelData(DcmDataset& dataset, const ImageHeader& header);

// Bytes of uncompressed pixel data the header describes.
[[nodiscard]] std::uint64_t expectedPixelBytes(const ImageHeader& header);

[[nodiscard]] bool isJpeg2000(const std::string& transferSyntaxUid);

} // namespace delineate::dicom::detail
