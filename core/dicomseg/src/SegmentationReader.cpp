#include "dicomseg/SegmentationReader.h"

#include "detail/DcmtkText.h"
#include "detail/SegmentColour.h"
#include "labels/DefaultPalette.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fginterface.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmfg/fgseg.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>

#include <algorithm>
#include <filesystem>
#include <memory>

namespace delineate::dicomseg {

namespace {

std::string text(DcmItem& item, const DcmTagKey& tag)
{
    OFString value;
    item.findAndGetOFStringArray(tag, value);
    return value.c_str();
}

SegmentProvenance provenanceOf(DcmSegment& segment)
{
    SegmentProvenance provenance;
    OFString name;
    segment.getSegmentAlgorithmName(name);
    provenance.algorithmName = name.c_str();
    switch (segment.getSegmentAlgorithmType()) {
    case DcmSegTypes::SAT_SEMIAUTOMATIC:
        provenance.type = SegmentAlgorithm::SemiAutomatic;
        break;
    case DcmSegTypes::SAT_AUTOMATIC:
        provenance.type = SegmentAlgorithm::Automatic;
        break;
    default:
        provenance.type = SegmentAlgorithm::Manual;
        break;
    }
    return provenance;
}

void readSegments(DcmSegmentation& document, Segmentation& result)
{
    for (std::size_t n = 1; n <= document.getNumberOfSegments(); ++n) {
        DcmSegment* segment = document.getSegment(n);
        if (!segment)
            continue;
        SegmentDescription description;
        description.number = static_cast<std::uint16_t>(n);
        OFString label;
        segment->getSegmentLabel(label);
        description.label = label.empty() ? "Segment " + std::to_string(n) : label.c_str();
        Uint16 l = 0, a = 0, b = 0;
        description.colour = segment->getRecommendedDisplayCIELabValue(l, a, b).good()
                                 ? detail::rgbFromDicomLab({l, a, b})
                                 : labels::defaultColour(description.number);
        description.provenance = provenanceOf(*segment);
        result.segments.push_back(std::move(description));
    }
}

Result<void> readSharedGeometry(DcmSegmentation& document, Segmentation& result)
{
    FGInterface& groups = document.getFunctionalGroups();
    OFBool perFrame = OFFalse;
    auto* orientation =
        dynamic_cast<FGPlaneOrientationPatient*>(groups.get(0, DcmFGTypes::EFG_PLANEORIENTPATIENT, perFrame));
    auto* measures = dynamic_cast<FGPixelMeasures*>(groups.get(0, DcmFGTypes::EFG_PIXELMEASURES, perFrame));
    if (!orientation || !measures)
        return makeError(ErrorCode::CorruptData, result.path,
                         "the segmentation has no plane orientation or pixel measures");
    Float64 o[6];
    if (orientation->getImageOrientationPatient(o[0], o[1], o[2], o[3], o[4], o[5]).bad())
        return makeError(ErrorCode::CorruptData, result.path, "unreadable Image Orientation (Patient)");
    result.rowCosine = {o[0], o[1], o[2]};
    result.columnCosine = {o[3], o[4], o[5]};
    Float64 rowSpacing = 0, columnSpacing = 0;
    if (measures->getPixelSpacing(rowSpacing, 0).bad() || measures->getPixelSpacing(columnSpacing, 1).bad() ||
        rowSpacing <= 0 || columnSpacing <= 0)
        return makeError(ErrorCode::CorruptData, result.path, "unreadable Pixel Spacing");
    result.rowSpacing = rowSpacing;
    result.columnSpacing = columnSpacing;
    return {};
}

std::string sourceInstanceOf(FGInterface& groups, Uint32 frame)
{
    auto* derivation = dynamic_cast<FGDerivationImage*>(groups.get(frame, DcmFGTypes::EFG_DERIVATIONIMAGE));
    if (!derivation || derivation->getDerivationImageItems().empty())
        return {};
    auto& sources = derivation->getDerivationImageItems().front()->getSourceImageItems();
    if (sources.empty())
        return {};
    OFString uid;
    sources.front()->getImageSOPInstanceReference().getReferencedSOPInstanceUID(uid);
    return uid.c_str();
}

Result<void> readFrames(DcmSegmentation& document, Segmentation& result)
{
    FGInterface& groups = document.getFunctionalGroups();
    const bool binary = document.getSegmentationType() == DcmSegTypes::ST_BINARY;
    const std::size_t pixels = std::size_t(result.rows) * std::size_t(result.columns);
    for (std::size_t f = 0; f < document.getNumberOfFrames(); ++f) {
        const std::string where = "frame " + std::to_string(f + 1);
        auto* plane =
            dynamic_cast<FGPlanePosPatient*>(groups.get(Uint32(f), DcmFGTypes::EFG_PLANEPOSPATIENT));
        auto* segment = dynamic_cast<FGSegmentation*>(groups.get(Uint32(f), DcmFGTypes::EFG_SEGMENTATION));
        const DcmIODTypes::Frame* stored = document.getFrame(f);
        SegmentationFrame frame;
        Uint16 number = 0;
        if (!plane ||
            plane->getImagePositionPatient(frame.position[0], frame.position[1], frame.position[2]).bad())
            return makeError(ErrorCode::CorruptData, result.path, where + " has no Image Position (Patient)");
        if (!segment || segment->getReferencedSegmentNumber(number).bad() || number == 0 ||
            number > result.segments.size())
            return makeError(ErrorCode::CorruptData, result.path,
                             where + " refers to no segment of the object");
        if (!stored)
            return makeError(ErrorCode::CorruptData, result.path, where + " has no pixel data");
        std::unique_ptr<DcmIODTypes::Frame> unpacked(
            binary ? DcmSegUtils::unpackBinaryFrame(stored, Uint16(result.rows), Uint16(result.columns))
                   : nullptr);
        const DcmIODTypes::Frame* values = binary ? unpacked.get() : stored;
        if (!values || values->length < pixels)
            return makeError(ErrorCode::CorruptData, result.path, where + " is shorter than Rows x Columns");
        frame.segment = number;
        frame.sourceInstanceUid = sourceInstanceOf(groups, Uint32(f));
        frame.pixels.resize(pixels);
        for (std::size_t p = 0; p < pixels; ++p)
            frame.pixels[p] = binary ? (values->pixData[p] != 0) : (values->pixData[p] >= 128);
        result.frames.push_back(std::move(frame));
    }
    return {};
}

void readIdentity(DcmDataset& dataset, Segmentation& result)
{
    result.studyInstanceUid = text(dataset, DCM_StudyInstanceUID);
    result.seriesInstanceUid = text(dataset, DCM_SeriesInstanceUID);
    result.frameOfReferenceUid = text(dataset, DCM_FrameOfReferenceUID);
    result.seriesDescription = text(dataset, DCM_SeriesDescription);
    Uint16 rows = 0, columns = 0;
    dataset.findAndGetUint16(DCM_Rows, rows);
    dataset.findAndGetUint16(DCM_Columns, columns);
    result.rows = rows;
    result.columns = columns;
    DcmItem* series = nullptr;
    for (unsigned long n = 0;
         dataset.findAndGetSequenceItem(DCM_ReferencedSeriesSequence, series, long(n)).good(); ++n)
        result.referencedSeriesUids.push_back(text(*series, DCM_SeriesInstanceUID));
}

// Number of Frames is required, but some files in circulation lack it (pydicom's one-frame cut of a QIICR
// SEG): DCMTK refuses those. It is taken from what the pixel data holds (at most the number of per-frame
// functional groups), with a note.
void repairNumberOfFrames(DcmDataset& dataset, Segmentation& result)
{
    if (dataset.tagExistsWithValue(DCM_NumberOfFrames) || result.rows <= 0 || result.columns <= 0)
        return;
    DcmSequenceOfItems* perFrame = nullptr;
    DcmElement* pixelData = nullptr;
    Uint16 bits = 0;
    dataset.findAndGetUint16(DCM_BitsAllocated, bits);
    if (dataset.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame).bad() || !perFrame ||
        dataset.findAndGetElement(DCM_PixelData, pixelData).bad() || !pixelData || (bits != 1 && bits != 8))
        return;
    const unsigned long described = perFrame->card();
    const std::uint64_t pixels = std::uint64_t(result.rows) * std::uint64_t(result.columns);
    const std::uint64_t held = std::uint64_t(pixelData->getLength()) * (bits == 1 ? 8 : 1) / pixels;
    const unsigned long frames = static_cast<unsigned long>(std::min<std::uint64_t>(described, held));
    if (frames == 0)
        return;
    dataset.putAndInsertString(DCM_NumberOfFrames, std::to_string(frames).c_str());
    for (unsigned long extra = described; extra > frames; --extra)
        delete perFrame->remove(extra - 1);
    result.notes.push_back("Number of Frames was missing; the pixel data holds " + std::to_string(frames) +
                           " of the " + std::to_string(described) + " frames the functional groups describe");
}

} // namespace

Result<Segmentation> readSegmentation(const std::string& path)
{
    detail::quietDcmtk();
    if (!std::filesystem::is_regular_file(path))
        return makeError(ErrorCode::FileNotFound, path, "no such file");
    DcmFileFormat file;
    if (const OFCondition loaded = file.loadFile(path.c_str()); loaded.bad())
        return makeError(ErrorCode::UnsupportedFormat, path,
                         std::string("not a readable DICOM file: ") + loaded.text());
    DcmDataset& dataset = *file.getDataset();
    if (text(dataset, DCM_SOPClassUID) != UID_SegmentationStorage)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "not a DICOM Segmentation (SOP Class " + text(dataset, DCM_SOPClassUID) + ")");
    Segmentation result;
    result.path = path;
    readIdentity(dataset, result);
    repairNumberOfFrames(dataset, result);
    DcmSegmentation* loaded = nullptr;
    const OFCondition read = DcmSegmentation::loadDataset(dataset, loaded);
    std::unique_ptr<DcmSegmentation> document(loaded);
    if (read.bad() || !document)
        return makeError(ErrorCode::CorruptData, path,
                         std::string("DCMTK cannot read the segmentation: ") + read.text());
    if (result.rows <= 0 || result.columns <= 0)
        return makeError(ErrorCode::CorruptData, path, "Rows or Columns missing");
    readSegments(*document, result);
    if (auto shared = readSharedGeometry(*document, result); !shared)
        return shared.error();
    if (auto frames = readFrames(*document, result); !frames)
        return frames.error();
    return result;
}

} // namespace delineate::dicomseg
