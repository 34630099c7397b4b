#pragma once
// Checking RLE Lossless frames (PS3.5 Annex G) before DCMTK decodes them. DCMTK 3.6.7 fills a segment that
// decodes to fewer bytes than the frame needs with zeros and reports success (no warning), so a cut or
// garbled RLE fragment would load as an image with a black or grey tail. Here every segment of every
// frame is run through the PackBits rules (counting, not writing) and must yield Rows × Columns bytes.
//
// Frame layout: a 64-byte header (uint32 LE segment count, then 15 uint32 LE segment offsets from the start
// of the frame), then the segments; segment count = SamplesPerPixel × BitsAllocated / 8. A segment runs to
// the next segment's offset (the last one to the end of the frame). Runs: n in 0..127 = n + 1 literal
// bytes follow; n in -127..-1 = the next byte repeated 1 - n times; -128 = no operation. Bytes beyond the
// segment's Rows × Columns (padding) are allowed.
// Error: CorruptData naming the file, the frame and the segment, in one line.

#include "base/Result.h"

#include <string>

class DcmDataset;

namespace delineate::dicom::detail {

struct ImageHeader;

[[nodiscard]] bool isRleLossless(const std::string& transferSyntaxUid);

[[nodiscard]] Result<void> checkRleFrames(DcmDataset& dataset, const ImageHeader& header);

} // namespace delineate::dicom::detail
