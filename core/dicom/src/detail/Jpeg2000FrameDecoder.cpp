#include "detail/Jpeg2000FrameDecoder.h"

#include "detail/EncapsulatedFrames.h"
#include "detail/Jpeg2000Decoder.h"
#include "detail/MonochromeConversion.h"

#include <dcmtk/dcmdata/dcfilefo.h>

namespace delineate::dicom::detail {

namespace {

// Some writers store signed pixels (PixelRepresentation 1) in an unsigned codestream: sign-extend them
// from BitsStored.
void applyPixelRepresentation(Jpeg2000Frame& frame, const ImageHeader& h)
{
    if (h.pixelRepresentation != 1 || frame.isSigned || h.bitsStored >= 32)
        return;
    const std::int64_t range = std::int64_t(1) << h.bitsStored;
    for (std::int32_t& value : frame.samples)
        if (value >= range / 2 && value < range)
            value = std::int32_t(value - range);
}

Result<void> checkShape(const Jpeg2000Frame& frame, const ImageHeader& h)
{
    const int expected = h.isColor() ? 3 : 1;
    if (frame.components != expected)
        return makeError(ErrorCode::CorruptData, h.path,
                         "JPEG 2000 frame has " + std::to_string(frame.components) +
                             " components but the header "
                             "describes " +
                             std::to_string(expected));
    return {};
}

} // namespace

Result<DecodedInfo> decodeJpeg2000Frames(const DicomFile& file, const ImageHeader& h,
                                         const std::vector<float*>& destinations)
{
    auto frames = splitFrames(file.dataset(), h);
    if (!frames)
        return frames.error();
    DecodedInfo info;
    for (std::size_t f = 0; f < destinations.size(); ++f) {
        const std::vector<std::uint8_t>& bytes = (*frames)[f];
        auto decoded = decodeJpeg2000(bytes.data(), bytes.size(), h.columns, h.rows, h.path);
        if (!decoded)
            return decoded.error();
        if (auto shape = checkShape(*decoded, h); !shape)
            return shape.error();
        if (h.isColor()) {
            for (std::size_t i = 0; i < decoded->samples.size(); ++i)
                destinations[f][i] = static_cast<float>(decoded->samples[i]);
            info.colorDepth = decoded->precision <= 8 ? 8 : 16;
        } else {
            applyPixelRepresentation(*decoded, h);
            convertMonochromeFrame(decoded->samples.data(), h, h.frameGeometry[f], destinations[f]);
        }
    }
    return info;
}

} // namespace delineate::dicom::detail
