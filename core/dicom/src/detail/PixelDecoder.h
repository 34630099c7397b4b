#pragma once
// Decoding the frames of one file into float32 with DCMTK's DicomImage (which also decompresses).
//
// Monochrome: stored values (modality transform disabled in DCMTK, which would round to integers) times
// RescaleSlope plus RescaleIntercept per frame, in float; MONOCHROME1 is inverted within the rescaled range
// of the stored bits so that bright means dense, like MONOCHROME2.
// Colour (RGB, YBR_*, PALETTE COLOR): converted to RGB by DCMTK (DiColorImage), 3 interleaved components.
// JPEG 2000 frames go through OpenJPEG instead (Jpeg2000FrameDecoder). Exceptions thrown by codecs on
// corrupt data are caught here and returned as CorruptData; so is damage DCMTK only warns about and works
// around (a JPEG stream that ends early: DecoderWarnings.h) or fills silently (RLE segments that decode
// short: RleFrameCheck.h) — corrupt pixels are refused, never shown as an image.

#include "base/Result.h"
#include "detail/DicomFileReader.h"
#include "detail/ImageHeader.h"

#include <vector>

namespace delineate::dicom::detail {

struct DecodedInfo {
    int colorDepth = 0; // bits per colour sample of the RGB output (colour images only)
};

// destinations[f] receives frame f: rows × columns × (1 or 3) floats, row-major, components interleaved.
[[nodiscard]] Result<DecodedInfo> decodeFrames(const DicomFile& file, const ImageHeader& header,
                                               const std::vector<float*>& destinations);

} // namespace delineate::dicom::detail
