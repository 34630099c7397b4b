#include "detail/PixelDecoder.h"

#include "detail/DecoderWarnings.h"
#include "detail/Jpeg2000FrameDecoder.h"
#include "detail/MonochromeConversion.h"
#include "detail/PixelDataCheck.h"
#include "detail/RleFrameCheck.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmimage/diregist.h> // colour support for DicomImage
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmimgle/dipixel.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>

namespace delineate::dicom::detail {

namespace {

template <typename T>
void convertMonochrome(const T* source, const ImageHeader& h, const std::vector<float*>& destinations)
{
    for (std::size_t f = 0; f < destinations.size(); ++f)
        convertMonochromeFrame(source + std::int64_t(f) * h.pixelsPerFrame(), h, h.frameGeometry[f],
                               destinations[f]);
}

Result<DecodedInfo> decodeMonochrome(const DicomImage& image, const ImageHeader& h,
                                     const std::vector<float*>& destinations)
{
    const DiPixel* pixel = image.getInterData();
    if (!pixel || !pixel->getData() ||
        pixel->getCount() < static_cast<unsigned long>(h.pixelsPerFrame() * h.frames))
        return makeError(ErrorCode::CorruptData, h.path, "pixel data could not be decoded");
    const void* data = pixel->getData();
    switch (pixel->getRepresentation()) {
    case EPR_Uint8:
        convertMonochrome(static_cast<const Uint8*>(data), h, destinations);
        break;
    case EPR_Sint8:
        convertMonochrome(static_cast<const Sint8*>(data), h, destinations);
        break;
    case EPR_Uint16:
        convertMonochrome(static_cast<const Uint16*>(data), h, destinations);
        break;
    case EPR_Sint16:
        convertMonochrome(static_cast<const Sint16*>(data), h, destinations);
        break;
    case EPR_Uint32:
        convertMonochrome(static_cast<const Uint32*>(data), h, destinations);
        break;
    case EPR_Sint32:
        convertMonochrome(static_cast<const Sint32*>(data), h, destinations);
        break;
    }
    return DecodedInfo{};
}

template <typename T> void copyRgb(const T* source, std::int64_t count, float* out)
{
    for (std::int64_t p = 0; p < count * 3; ++p)
        out[p] = static_cast<float>(source[p]);
}

Result<DecodedInfo> decodeColor(DicomImage& image, const ImageHeader& h,
                                const std::vector<float*>& destinations)
{
    // Palettes often hold 16-bit entries for 8-bit images: keep the depth of the stored values.
    const int depth = h.photometric == "PALETTE COLOR" ? std::min(image.getDepth(), std::max(h.bitsStored, 8))
                                                       : image.getDepth();
    const int bits = depth <= 8 ? 8 : (depth <= 16 ? 16 : 32);
    for (std::size_t f = 0; f < destinations.size(); ++f) {
        const void* data = image.getOutputData(bits, static_cast<unsigned long>(f), 0);
        if (!data)
            return makeError(ErrorCode::CorruptData, h.path,
                             "colour frame " + std::to_string(f + 1) + " could not be decoded");
        if (bits == 8)
            copyRgb(static_cast<const Uint8*>(data), h.pixelsPerFrame(), destinations[f]);
        else if (bits == 16)
            copyRgb(static_cast<const Uint16*>(data), h.pixelsPerFrame(), destinations[f]);
        else
            copyRgb(static_cast<const Uint32*>(data), h.pixelsPerFrame(), destinations[f]);
        image.deleteOutputData();
    }
    return DecodedInfo{bits};
}

// DCMTK swaps big-endian OW pixel data per 16-bit word; 32-bit samples then have their halves swapped.
void restoreBigEndian32(DcmDataset& dataset, const ImageHeader& h)
{
    if (h.encapsulated || h.bitsAllocated != 32 || dataset.getOriginalXfer() != EXS_BigEndianExplicit)
        return;
    DcmElement* element = nullptr;
    Uint16* words = nullptr;
    if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element->getVR() != EVR_OW ||
        element->getUint16Array(words).bad() || !words)
        return;
    const unsigned long count = element->getLength() / 2;
    for (unsigned long i = 0; i + 1 < count; i += 2)
        std::swap(words[i], words[i + 1]);
}

} // namespace

static Result<DecodedInfo> decodeWithDcmtk(const DicomFile& file, const ImageHeader& h,
                                           const std::vector<float*>& destinations);

Result<DecodedInfo> decodeFrames(const DicomFile& file, const ImageHeader& h,
                                 const std::vector<float*>& destinations)
{
    // DCMTK's bundled CharLS (JPEG-LS) throws C++ exceptions on corrupt streams; keep them inside.
    try {
        if (isJpeg2000(h.transferSyntaxUid))
            return decodeJpeg2000Frames(file, h, destinations);
        if (isRleLossless(h.transferSyntaxUid))
            if (Result<void> checked = checkRleFrames(file.dataset(), h); !checked)
                return checked.error();
        DecoderWarnings warnings;
        Result<DecodedInfo> decoded = decodeWithDcmtk(file, h, destinations);
        if (const std::optional<std::string> damage = warnings.damage(); decoded && damage)
            return makeError(ErrorCode::CorruptData, h.path,
                             "pixel data is corrupt (decoder: " + *damage + ")");
        return decoded;
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, h.path, "not enough memory to decode the pixel data");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptData, h.path,
                         std::string("pixel data could not be decoded: ") + e.what());
    } catch (...) {
        return makeError(ErrorCode::CorruptData, h.path, "pixel data could not be decoded");
    }
}

static Result<DecodedInfo> decodeWithDcmtk(const DicomFile& file, const ImageHeader& h,
                                           const std::vector<float*>& destinations)
{
    if (destinations.size() != static_cast<std::size_t>(h.frames) ||
        h.frameGeometry.size() != destinations.size())
        return makeError(ErrorCode::Internal, h.path, "frame count does not match the destinations");
    restoreBigEndian32(file.dataset(), h);
    const E_TransferSyntax xfer = file.dataset().getOriginalXfer();
    const unsigned long flags = h.isColor() ? 0UL : CIF_IgnoreModalityTransformation;
    auto image = std::make_unique<DicomImage>(file.format.get(), xfer, flags, 0UL,
                                              static_cast<unsigned long>(h.frames));
    if (image->getStatus() == EIS_MissingAttribute)
        if (std::optional<std::string> missing =
                missingPixelModuleAttribute(file.dataset(), h.photometric == "PALETTE COLOR"))
            return makeError(ErrorCode::CorruptData, h.path, "pixel data could not be decoded: " + *missing);
    if (image->getStatus() != EIS_Normal)
        return makeError(ErrorCode::CorruptData, h.path,
                         std::string("pixel data could not be decoded (") + h.photometric + ", " +
                             std::to_string(h.bitsAllocated) + " bits allocated, " + h.transferSyntaxName +
                             "): DCMTK says '" + DicomImage::getString(image->getStatus()) + "'");
    if (image->getFrameCount() < static_cast<unsigned long>(h.frames) ||
        image->getWidth() != static_cast<unsigned long>(h.columns) ||
        image->getHeight() != static_cast<unsigned long>(h.rows))
        return makeError(ErrorCode::CorruptData, h.path, "decoded image size differs from the header");
    if (h.isColor() != !image->isMonochrome())
        return makeError(ErrorCode::CorruptData, h.path, "decoded colour model differs from the header");
    return h.isColor() ? decodeColor(*image, h, destinations) : decodeMonochrome(*image, h, destinations);
}

} // namespace delineate::dicom::detail
