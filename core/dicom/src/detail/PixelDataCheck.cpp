#include "detail/PixelDataCheck.h"

#include "detail/ImageHeader.h"
#include "detail/Jpeg2000Decoder.h"

#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>

namespace delineate::dicom::detail {

namespace {

std::string bytesText(std::uint64_t bytes)
{
    return std::to_string(bytes) + " bytes";
}

Result<void> checkNative(DcmElement& element, const ImageHeader& h)
{
    const std::uint64_t expected = expectedPixelBytes(h);
    const std::uint64_t length = element.getLength();
    if (length == DCM_UndefinedLength)
        return makeError(ErrorCode::CorruptData, h.path, "uncompressed pixel data has an undefined length");
    if (length < expected)
        return makeError(ErrorCode::CorruptData, h.path,
                         "pixel data holds " + bytesText(length) + " but " + std::to_string(h.columns) +
                             " x " + std::to_string(h.rows) + " x " + std::to_string(h.frames) +
                             " frames need " + bytesText(expected) + " (truncated file?)");
    const bool deflated = h.transferSyntaxUid == "1.2.840.10008.1.2.1.99"; // file size is compressed
    if (length > h.dataBytes && !deflated)
        return makeError(ErrorCode::CorruptData, h.path,
                         "pixel data length " + bytesText(length) + " exceeds the file size " +
                             bytesText(h.dataBytes) + " (truncated file?)");
    return {};
}

Result<void> checkEncapsulated(DcmDataset& ds, DcmElement& element, const ImageHeader& h)
{
    auto& pixelData = static_cast<DcmPixelData&>(element);
    DcmPixelSequence* sequence = nullptr;
    if (pixelData.getEncapsulatedRepresentation(ds.getOriginalXfer(), nullptr, sequence).bad() || !sequence)
        return makeError(ErrorCode::CorruptData, h.path, "compressed pixel data has no fragments");
    const unsigned long fragments = sequence->card() > 0 ? sequence->card() - 1 : 0; // item 0: offset table
    if (fragments < static_cast<unsigned long>(h.frames))
        return makeError(ErrorCode::CorruptData, h.path,
                         std::to_string(h.frames) +
                             " frames declared but the compressed pixel data has only " +
                             std::to_string(fragments) + " fragments");
    const std::uint64_t expected = expectedPixelBytes(h);
    if (expected > kSmallImageBytes && double(expected) > double(h.dataBytes) * kMaxCompressionRatio)
        return makeError(ErrorCode::CorruptData, h.path,
                         "header claims " + bytesText(expected) + " of pixels from a file of " +
                             bytesText(h.dataBytes));
    if (isJpeg2000(h.transferSyntaxUid)) {
        if (!jpeg2000Available())
            return makeError(ErrorCode::UnsupportedTransferSyntax, h.path,
                             "JPEG 2000 transfer syntax (" + h.transferSyntaxUid + ") is not supported");
        return {};
    }
    if (!DcmCodecList::canChangeCoding(ds.getOriginalXfer(), EXS_LittleEndianExplicit))
        return makeError(ErrorCode::UnsupportedTransferSyntax, h.path,
                         h.transferSyntaxName + " transfer syntax (" + h.transferSyntaxUid +
                             ") is not supported");
    return {};
}

} // namespace

std::uint64_t expectedPixelBytes(const ImageHeader& h)
{
    // Uncompressed YBR_FULL_422 shares one Cb/Cr pair between two pixels: 2 samples per pixel.
    const bool subsampled = h.photometric == "YBR_FULL_422" && !h.encapsulated;
    const std::uint64_t samples = std::uint64_t(h.rows) * std::uint64_t(h.columns) * std::uint64_t(h.frames) *
                                  std::uint64_t(subsampled ? 2 : h.samplesPerPixel);
    return (samples * std::uint64_t(h.bitsAllocated) + 7) / 8;
}

bool isJpeg2000(const std::string& uid)
{
    return uid == "1.2.840.10008.1.2.4.90" || uid == "1.2.840.10008.1.2.4.91" ||
           uid == "1.2.840.10008.1.2.4.92" || uid == "1.2.840.10008.1.2.4.93";
}

Result<void> checkPixelData(DcmDataset& dataset, const ImageHeader& h)
{
    DcmElement* element = nullptr;
    if (dataset.findAndGetElement(DCM_PixelData, element).bad() || !element)
        return makeError(ErrorCode::UnsupportedFormat, h.path, "not an image: no pixel data");
    if (h.encapsulated)
        return checkEncapsulated(dataset, *element, h);
    return checkNative(*element, h);
}

} // namespace delineate::dicom::detail
