#pragma once
// Splitting encapsulated (compressed) pixel data into one byte string per frame, for decoders that DCMTK
// does not provide (JPEG 2000). PS3.5 A.4: one frame in all fragments; one fragment per frame; or frames
// spanning several fragments, located through the Basic Offset Table.

#include "base/Result.h"

#include <cstdint>
#include <vector>

class DcmDataset;

namespace delineate::dicom::detail {

struct ImageHeader;

[[nodiscard]] Result<std::vector<std::vector<std::uint8_t>>> splitFrames(DcmDataset& dataset,
                                                                         const ImageHeader& header);

} // namespace delineate::dicom::detail
