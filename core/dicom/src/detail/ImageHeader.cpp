#include "detail/ImageHeader.h"

#include "detail/DatasetAccess.h"
#include "detail/FrameGeometryReader.h"
#include "detail/PixelDataCheck.h"
#include "image/Volume.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dctag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <map>
#include <set>

namespace delineate::dicom::detail {

namespace {

void readIdentity(DcmDataset& ds, ImageHeader& h)
{
    h.patientName = stringValue(ds, DCM_PatientName);
    h.patientId = stringValue(ds, DCM_PatientID);
    h.studyInstanceUid = stringValue(ds, DCM_StudyInstanceUID);
    h.studyDescription = stringValue(ds, DCM_StudyDescription);
    h.studyDate = stringValue(ds, DCM_StudyDate);
    h.seriesInstanceUid = stringValue(ds, DCM_SeriesInstanceUID);
    h.seriesDescription = stringValue(ds, DCM_SeriesDescription);
    h.modality = stringValue(ds, DCM_Modality);
    h.sopClassUid = stringValue(ds, DCM_SOPClassUID);
    h.sopInstanceUid = stringValue(ds, DCM_SOPInstanceUID);
    h.seriesNumber = static_cast<int>(numberValue(ds, DCM_SeriesNumber).value_or(0));
    h.instanceNumber = static_cast<int>(numberValue(ds, DCM_InstanceNumber).value_or(0));
    const DcmXfer xfer(ds.getOriginalXfer());
    h.transferSyntaxUid = xfer.getXferID();
    h.transferSyntaxName = xfer.getXferName();
    h.encapsulated = xfer.isEncapsulated();
}

bool photometricMatchesSamples(const std::string& photometric, int samples)
{
    static const std::set<std::string> mono{"MONOCHROME1", "MONOCHROME2", "PALETTE COLOR"};
    static const std::set<std::string> color{"RGB",     "YBR_FULL", "YBR_FULL_422",   "YBR_PARTIAL_420",
                                             "YBR_ICT", "YBR_RCT",  "YBR_PARTIAL_422"};
    return samples == 1 ? mono.count(photometric) > 0 : color.count(photometric) > 0;
}

Result<void> readPixelDescription(DcmDataset& ds, ImageHeader& h)
{
    if (std::optional<std::string> missing = missingPixelModuleAttribute(ds, false))
        return makeError(ErrorCode::CorruptData, h.path, *missing);
    const auto rows = ushortValue(ds, DCM_Rows);
    const auto columns = ushortValue(ds, DCM_Columns);
    if (!rows || !columns || *rows == 0 || *columns == 0)
        return makeError(ErrorCode::CorruptData, h.path,
                         "Rows or Columns is zero (Rows " + std::to_string(rows.value_or(0)) + ", Columns " +
                             std::to_string(columns.value_or(0)) + ")");
    h.rows = *rows;
    h.columns = *columns;
    const auto frames = strictInteger(ds, DCM_NumberOfFrames);
    if (frames && *frames <= 0)
        return makeError(ErrorCode::CorruptData, h.path,
                         "NumberOfFrames '" + stringValue(ds, DCM_NumberOfFrames) +
                             "' is not a positive integer");
    h.frames = frames ? static_cast<int>(*frames) : 1;
    h.samplesPerPixel = ushortValue(ds, DCM_SamplesPerPixel).value_or(1);
    h.bitsAllocated = ushortValue(ds, DCM_BitsAllocated).value_or(0);
    h.bitsStored = ushortValue(ds, DCM_BitsStored).value_or(h.bitsAllocated);
    h.pixelRepresentation = ushortValue(ds, DCM_PixelRepresentation).value_or(0);
    h.photometric = stringValue(ds, DCM_PhotometricInterpretation);

    if (h.samplesPerPixel != 1 && h.samplesPerPixel != 3)
        return makeError(ErrorCode::UnsupportedFormat, h.path,
                         "unsupported SamplesPerPixel " + std::to_string(h.samplesPerPixel));
    if (!photometricMatchesSamples(h.photometric, h.samplesPerPixel))
        return makeError(ErrorCode::UnsupportedFormat, h.path,
                         "unsupported PhotometricInterpretation '" + h.photometric +
                             "' with SamplesPerPixel " + std::to_string(h.samplesPerPixel));
    const int bits = h.bitsAllocated;
    if (bits != 1 && bits != 8 && bits != 16 && bits != 32)
        return makeError(ErrorCode::UnsupportedFormat, h.path,
                         "unsupported BitsAllocated " + std::to_string(bits));
    if (h.bitsStored <= 0 || h.bitsStored > bits)
        return makeError(ErrorCode::CorruptData, h.path,
                         "BitsStored " + std::to_string(h.bitsStored) + " does not fit BitsAllocated " +
                             std::to_string(bits));
    if (bits == 1 && h.samplesPerPixel != 1)
        return makeError(ErrorCode::UnsupportedFormat, h.path, "1-bit colour images are not supported");
    const std::int64_t elements = h.pixelsPerFrame() * h.frames * (h.isColor() ? 3 : 1);
    if (elements > image::kMaxElements)
        return makeError(ErrorCode::TooLarge, h.path,
                         "image of " + std::to_string(h.columns) + " x " + std::to_string(h.rows) + " x " +
                             std::to_string(h.frames) + " pixels is too large");
    return {};
}

double readFrameTime(DcmDataset& ds)
{
    if (const auto frameTime = numberValue(ds, DCM_FrameTime); frameTime && *frameTime > 0)
        return *frameTime;
    if (const auto first = numberValue(ds, DCM_FrameTimeVector, 1); first && *first > 0)
        return *first;
    if (const auto rate = numberValue(ds, DCM_CineRate); rate && *rate > 0)
        return 1000.0 / *rate;
    if (const auto rate = numberValue(ds, DCM_RecommendedDisplayFrameRate); rate && *rate > 0)
        return 1000.0 / *rate;
    return 0.0;
}

// "magnitude" / "phase" / "real" / "imaginary" from ComplexImageComponent or the values of ImageType
// (Siemens and Philips write M / P / R / I or MAGNITUDE / PHASE ...); otherwise the whole ImageType.
std::string imageComponent(DcmDataset& ds)
{
    static const std::map<std::string, std::string> names{
        {"M", "magnitude"}, {"MAGNITUDE", "magnitude"}, {"P", "phase"},     {"PHASE", "phase"},
        {"R", "real"},      {"REAL", "real"},           {"I", "imaginary"}, {"IMAGINARY", "imaginary"}};
    if (const auto it = names.find(stringValue(ds, DCM_ComplexImageComponent)); it != names.end())
        return it->second;
    std::string imageType = stringValue(ds, DCM_ImageType, true);
    std::size_t start = 0;
    for (int index = 0; start <= imageType.size(); ++index) {
        const std::size_t end = std::min(imageType.find('\\', start), imageType.size());
        std::string value = imageType.substr(start, end - start);
        value.erase(0, value.find_first_not_of(' '));
        value.erase(value.find_last_not_of(' ') + 1);
        if (const auto it = names.find(value); index >= 2 && it != names.end())
            return it->second;
        start = end + 1;
    }
    return imageType;
}

RepeatAttributes readRepeatAttributes(DcmDataset& ds)
{
    RepeatAttributes r;
    r.echoNumber = numberValue(ds, DCM_EchoNumbers);
    r.echoTimeMs = numberValue(ds, DCM_EchoTime);
    r.component = imageComponent(ds);
    r.bValue = numberValue(ds, DCM_DiffusionBValue);
    r.temporalPosition = numberValue(ds, DCM_TemporalPositionIdentifier);
    r.acquisitionNumber = numberValue(ds, DCM_AcquisitionNumber);
    r.triggerTimeMs = numberValue(ds, DCM_TriggerTime);
    return r;
}

} // namespace

std::optional<std::string> missingPixelModuleAttribute(DcmDataset& dataset, bool paletteColour)
{
    // The Type 1 attributes of the Image Pixel Module that DCMTK's DicomImage needs (without them it
    // reports "Missing attribute"); SamplesPerPixel and HighBit it infers, and so does the loader.
    static const DcmTagKey required[] = {DCM_Rows,
                                         DCM_Columns,
                                         DCM_BitsAllocated,
                                         DCM_BitsStored,
                                         DCM_PixelRepresentation,
                                         DCM_PhotometricInterpretation};
    static const DcmTagKey palette[] = {
        DCM_RedPaletteColorLookupTableDescriptor,  DCM_GreenPaletteColorLookupTableDescriptor,
        DCM_BluePaletteColorLookupTableDescriptor, DCM_RedPaletteColorLookupTableData,
        DCM_GreenPaletteColorLookupTableData,      DCM_BluePaletteColorLookupTableData};
    const auto absent = [&](const DcmTagKey& tag) {
        DcmElement* element = nullptr;
        return dataset.findAndGetElement(tag, element).bad() || !element || element->getLength() == 0;
    };
    const auto describe = [](const DcmTagKey& tag) {
        return "mandatory attribute " + std::string(DcmTag(tag).getTagName()) + " " + tag.toString().c_str() +
               " is missing or empty";
    };
    for (const DcmTagKey& tag : required)
        if (absent(tag))
            return describe(tag);
    if (paletteColour)
        for (const DcmTagKey& tag : palette)
            if (absent(tag))
                return describe(tag);
    return std::nullopt;
}

std::string describeSopClass(const std::string& sopClassUid)
{
    if (sopClassUid.empty())
        return "unknown SOP class";
    const char* name = dcmFindNameOfUID(sopClassUid.c_str(), nullptr);
    return name ? std::string(name) : "SOP class " + sopClassUid;
}

Result<ImageHeader> readImageHeader(DcmDataset& dataset, const std::string& path, std::uintmax_t dataBytes)
{
    ImageHeader header;
    header.path = path;
    header.dataBytes = dataBytes;
    readIdentity(dataset, header);
    if (!dataset.tagExists(DCM_PixelData)) {
        if (dataset.tagExists(DCM_FloatPixelData) || dataset.tagExists(DCM_DoubleFloatPixelData))
            return makeError(ErrorCode::UnsupportedFormat, path, "float pixel data is not supported");
        if (dataset.tagExists(DCM_DirectoryRecordSequence))
            return makeError(ErrorCode::UnsupportedFormat, path, "not an image: DICOMDIR (a media index)");
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "not an image: no pixel data (" + describeSopClass(header.sopClassUid) +
                             (header.modality.empty() ? "" : ", modality " + header.modality) + ")");
    }
    if (auto described = readPixelDescription(dataset, header); !described)
        return described.error();
    if (auto checked = checkPixelData(dataset, header); !checked)
        return checked.error();
    if (auto geometry = readFrameGeometry(dataset, header); !geometry)
        return geometry.error();
    header.frameTimeMs = readFrameTime(dataset);
    header.repeat = readRepeatAttributes(dataset);
    return header;
}

} // namespace delineate::dicom::detail
