#pragma once
// The JPEG 2000 path of the pixel decoder: frames split from the encapsulated pixel data, decoded with
// OpenJPEG, then rescaled (monochrome) or copied as RGB like the DCMTK path.

#include "base/Result.h"
#include "detail/PixelDecoder.h"

namespace delineate::dicom::detail {

[[nodiscard]] Result<DecodedInfo> decodeJpeg2000Frames(const DicomFile& file, const ImageHeader& header,
                                                       const std::vector<float*>& destinations);

} // namespace delineate::dicom::detail
