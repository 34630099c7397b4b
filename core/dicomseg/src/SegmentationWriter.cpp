#include "dicomseg/SegmentationWriter.h"

#include "base/AtomicFile.h"
#include "detail/DcmtkText.h"
#include "detail/SegmentColour.h"
#include "labels/DefaultPalette.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include <memory>
#include <set>

namespace delineate::dicomseg {

namespace {

using detail::checkCondition;
using detail::decimalString;

DcmSegTypes::E_SegmentAlgoType algorithmType(SegmentAlgorithm type)
{
    switch (type) {
    case SegmentAlgorithm::SemiAutomatic:
        return DcmSegTypes::SAT_SEMIAUTOMATIC;
    case SegmentAlgorithm::Automatic:
        return DcmSegTypes::SAT_AUTOMATIC;
    case SegmentAlgorithm::Manual:
        break;
    }
    return DcmSegTypes::SAT_MANUAL;
}

Result<std::unique_ptr<DcmSegmentation>> createDocument(const SegmentationSource& source,
                                                        const SegmentationExportOptions& options,
                                                        const std::string& path)
{
    const image::Geometry& grid = source.grid;
    if (grid.size[0] > 65535 || grid.size[1] > 65535)
        return makeError(ErrorCode::TooLarge, path,
                         "slices larger than 65535 pixels cannot be written as DICOM");
    IODGeneralEquipmentModule::EquipmentInfo equipment("Delineate", "Delineate", "1",
                                                       options.softwareVersion.c_str());
    ContentIdentificationMacro content("1", options.contentLabel.c_str(), options.contentDescription.c_str(),
                                       options.contentCreator.c_str());
    DcmSegmentation* created = nullptr;
    auto made = checkCondition(
        DcmSegmentation::createBinarySegmentation(created, static_cast<Uint16>(grid.size[1]),
                                                  static_cast<Uint16>(grid.size[0]), equipment, content),
        ErrorCode::WriteFailed, path, "cannot create the segmentation");
    std::unique_ptr<DcmSegmentation> segmentation(created);
    if (!made)
        return made.error();
    const dicom::SourceFrame* first = nullptr;
    for (const auto& frame : source.sliceFrame)
        if (frame && !first)
            first = &source.images.frames[*frame];
    if (!first)
        return makeError(ErrorCode::InvalidArgument, path, "the study has no source images");
    if (auto imported =
            checkCondition(segmentation->importFromSourceImage(first->path.c_str()), ErrorCode::ReadFailed,
                           first->path, "cannot take patient and study from the source image");
        !imported)
        return imported.error();
    segmentation->getSeries().setSeriesDescription(options.seriesDescription.c_str());
    segmentation->getSeries().setSeriesNumber(std::to_string(options.seriesNumber).c_str());
    return segmentation;
}

Result<void> addSharedGroups(DcmSegmentation& segmentation, const image::Geometry& grid,
                             const std::string& path)
{
    const image::Vec3 row = grid.axis(0), column = grid.axis(1);
    std::unique_ptr<FGPlaneOrientationPatient> orientation(FGPlaneOrientationPatient::createMinimal(
        decimalString(row[0]).c_str(), decimalString(row[1]).c_str(), decimalString(row[2]).c_str(),
        decimalString(column[0]).c_str(), decimalString(column[1]).c_str(),
        decimalString(column[2]).c_str()));
    FGPixelMeasures measures;
    const std::string spacing = decimalString(grid.spacing[1]) + "\\" + decimalString(grid.spacing[0]);
    measures.setPixelSpacing(spacing.c_str());
    measures.setSliceThickness(decimalString(grid.spacing[2]).c_str());
    measures.setSpacingBetweenSlices(decimalString(grid.spacing[2]).c_str());
    if (!orientation)
        return makeError(ErrorCode::WriteFailed, path, "cannot describe the plane orientation");
    if (auto added = checkCondition(segmentation.addForAllFrames(*orientation), ErrorCode::WriteFailed, path,
                                    "cannot add the plane orientation");
        !added)
        return added;
    return checkCondition(segmentation.addForAllFrames(measures), ErrorCode::WriteFailed, path,
                          "cannot add the pixel measures");
}

// Frames are indexed by (segment number, position along the normal), as dcmqi and highdicom index them.
Result<void> addDimensions(DcmSegmentation& segmentation, const std::string& path)
{
    char uid[100];
    dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
    auto& dimensions = segmentation.getDimensions();
    if (auto added = checkCondition(dimensions.addDimensionIndex(DCM_ReferencedSegmentNumber, uid,
                                                                 DCM_SegmentIdentificationSequence,
                                                                 "ReferencedSegmentNumber"),
                                    ErrorCode::WriteFailed, path, "cannot add the segment dimension");
        !added)
        return added;
    return checkCondition(dimensions.addDimensionIndex(DCM_ImagePositionPatient, uid,
                                                       DCM_PlanePositionSequence, "ImagePositionPatient"),
                          ErrorCode::WriteFailed, path, "cannot add the position dimension");
}

Result<Uint16> addSegment(DcmSegmentation& segmentation, const labels::LabelEntry& entry,
                          const SegmentProvenance& provenance, const std::string& path)
{
    const CodeSequenceMacro category("85756007", "SCT", "Tissue");
    const CodeSequenceMacro type("85756007", "SCT", "Tissue");
    if (provenance.type != SegmentAlgorithm::Manual && provenance.algorithmName.empty())
        return makeError(ErrorCode::InvalidArgument, path,
                         "label '" + entry.name + "' came from a model but names no algorithm");
    DcmSegment* created = nullptr;
    auto made = checkCondition(
        DcmSegment::create(created, entry.name.c_str(), category, type, algorithmType(provenance.type),
                           provenance.type == SegmentAlgorithm::Manual ? ""
                                                                       : provenance.algorithmName.c_str()),
        ErrorCode::WriteFailed, path, "cannot create segment '" + entry.name + "'");
    if (!made)
        return made.error();
    const auto lab = detail::dicomLabFromRgb(entry.colour);
    created->setRecommendedDisplayCIELabValue(lab[0], lab[1], lab[2]);
    Uint16 number = 0;
    if (auto added = checkCondition(segmentation.addSegment(created, number), ErrorCode::WriteFailed, path,
                                    "cannot add segment '" + entry.name + "'");
        !added) {
        delete created;
        return added.error();
    }
    return number;
}

std::unique_ptr<FGDerivationImage> derivationFor(const dicom::SourceFrame& frame)
{
    ImageSOPInstanceReferenceMacro reference;
    reference.setReferencedSOPClassUID(frame.sopClassUid.c_str());
    reference.setReferencedSOPInstanceUID(frame.sopInstanceUid.c_str());
    if (frame.frameNumber > 0)
        reference.addReferencedFrameNumber(static_cast<Uint16>(frame.frameNumber));
    OFVector<ImageSOPInstanceReferenceMacro> references;
    references.push_back(reference);
    return std::unique_ptr<FGDerivationImage>(FGDerivationImage::createMinimal(
        references, "Segmentation", CodeSequenceMacro("113076", "DCM", "Segmentation"),
        CodeSequenceMacro("121322", "DCM", "Source image for image processing operation")));
}

Result<void> addFrame(DcmSegmentation& segmentation, const SegmentationSource& source, std::int64_t k,
                      Uint16 segment, std::vector<Uint8>& pixels, const std::string& path)
{
    const auto& frameIndex = source.sliceFrame[static_cast<std::size_t>(k)];
    if (!frameIndex)
        return makeError(ErrorCode::InvalidArgument, path,
                         "labels on slice " + std::to_string(k) +
                             ", which has no source image in the series");
    const image::Vec3 position = source.framePosition(k);
    std::unique_ptr<FGPlanePosPatient> plane(FGPlanePosPatient::createMinimal(
        decimalString(position[0]).c_str(), decimalString(position[1]).c_str(),
        decimalString(position[2]).c_str()));
    FGFrameContent content;
    content.setDimensionIndexValues(segment, 0);
    content.setDimensionIndexValues(static_cast<Uint32>(k + 1), 1);
    auto derivation = derivationFor(source.images.frames[*frameIndex]);
    if (!plane || !derivation)
        return makeError(ErrorCode::WriteFailed, path, "cannot describe frame of slice " + std::to_string(k));
    OFVector<FGBase*> groups;
    groups.push_back(plane.get());
    groups.push_back(&content);
    groups.push_back(derivation.get());
    return checkCondition(segmentation.addFrame(pixels.data(), segment, groups), ErrorCode::WriteFailed, path,
                          "cannot add the frame of slice " + std::to_string(k));
}

// Adds the frames of label `value` as `segment`; returns how many slices held voxels.
Result<std::size_t> addFrames(DcmSegmentation& segmentation, const image::LabelMap& labels,
                              const SegmentationSource& source, std::uint16_t value, Uint16 segment,
                              std::set<std::size_t>& referenced, const std::string& path)
{
    const auto& size = labels.geometry().size;
    const std::size_t perSlice = static_cast<std::size_t>(size[0] * size[1]);
    std::vector<Uint8> pixels(perSlice);
    std::size_t frames = 0;
    for (std::int64_t k = 0; k < size[2]; ++k) {
        const auto* slice = labels.data() + labels.offset(0, 0, k);
        bool any = false;
        for (std::size_t p = 0; p < perSlice; ++p) {
            pixels[p] = slice[p] == value ? 1 : 0;
            any = any || pixels[p];
        }
        if (!any)
            continue;
        if (auto added = addFrame(segmentation, source, k, segment, pixels, path); !added)
            return added.error();
        referenced.insert(*source.sliceFrame[static_cast<std::size_t>(k)]);
        ++frames;
    }
    return frames;
}

void addReferencedSeries(DcmSegmentation& segmentation, const SegmentationSource& source,
                         const std::set<std::size_t>& referenced)
{
    IODReferences references;
    std::set<std::string> seen;
    for (std::size_t f : referenced) {
        const dicom::SourceFrame& frame = source.images.frames[f];
        if (!seen.insert(frame.sopInstanceUid).second)
            continue;
        references.add(new IODImageReference("", source.images.studyInstanceUid.c_str(),
                                             source.images.seriesInstanceUid.c_str(),
                                             frame.sopInstanceUid.c_str(), frame.sopClassUid.c_str()));
    }
    segmentation.getCommonInstanceReference().addReferences(references,
                                                            source.images.studyInstanceUid.c_str());
}

// Spatial Locations Preserved (0028,135A) in every Source Image Sequence item (dcmfg has no setter): YES
// when each frame's pixels lie on its source image's pixels, NO on a tilt-corrected grid (shifted within
// the plane). Readers such as highdicom index a SEG by source image only when it says YES.
void markSpatialLocations(DcmDataset& dataset, bool preserved)
{
    DcmItem* frame = nullptr;
    for (long f = 0; dataset.findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, f).good();
         ++f) {
        DcmItem* derivation = nullptr;
        for (long d = 0; frame->findAndGetSequenceItem(DCM_DerivationImageSequence, derivation, d).good();
             ++d) {
            DcmItem* sourceImage = nullptr;
            for (long s = 0;
                 derivation->findAndGetSequenceItem(DCM_SourceImageSequence, sourceImage, s).good(); ++s)
                sourceImage->putAndInsertString(DCM_SpatialLocationsPreserved, preserved ? "YES" : "NO");
        }
    }
}

Result<void> save(DcmSegmentation& segmentation, bool spatialLocationsPreserved, const std::string& path)
{
    DcmFileFormat file;
    if (auto written = checkCondition(segmentation.writeDataset(*file.getDataset()), ErrorCode::WriteFailed,
                                      path, "DCMTK refused the segmentation");
        !written)
        return written;
    markSpatialLocations(*file.getDataset(), spatialLocationsPreserved);
    auto staged = AtomicFile::begin(path);
    if (!staged.ok())
        return staged.error();
    const OFCondition saved = file.saveFile(staged->stagingPath().c_str(), EXS_LittleEndianExplicit);
    if (saved.bad())
        return makeError(ErrorCode::WriteFailed, path, std::string("cannot write: ") + saved.text());
    return staged->commit();
}

} // namespace

Result<SegmentationExportSummary> writeSegmentation(const image::LabelMap& labels,
                                                    const labels::LabelTable& table,
                                                    const SegmentationSource& source,
                                                    const SegmentationExportOptions& options,
                                                    const std::string& path)
{
    detail::quietDcmtk();
    if (auto grid = labels.checkGrid(source.grid); !grid)
        return grid.error();
    const std::vector<std::uint16_t> present = labels.presentValues();
    if (present.empty())
        return makeError(ErrorCode::InvalidArgument, path,
                         "the label map is empty: there is nothing to export");
    auto document = createDocument(source, options, path);
    if (!document.ok())
        return document.error();
    DcmSegmentation& segmentation = **document;
    if (auto shared = addSharedGroups(segmentation, source.grid, path); !shared)
        return shared.error();
    if (auto dimensions = addDimensions(segmentation, path); !dimensions)
        return dimensions.error();

    SegmentationExportSummary summary;
    summary.inPlaneShifted = source.inPlaneShifted;
    std::set<std::size_t> referenced;
    for (std::uint16_t value : present) {
        const labels::LabelEntry* found = table.find(value);
        const labels::LabelEntry entry =
            found ? *found
                  : labels::LabelEntry{value, "Label " + std::to_string(value), labels::defaultColour(value)};
        const auto provenance = options.provenance.find(value);
        auto segment = addSegment(
            segmentation, entry,
            provenance == options.provenance.end() ? SegmentProvenance{} : provenance->second, path);
        if (!segment.ok())
            return segment.error();
        auto frames = addFrames(segmentation, labels, source, value, *segment, referenced, path);
        if (!frames.ok())
            return frames.error();
        summary.frames += *frames;
        summary.exportedLabels.push_back(value);
    }
    for (const labels::LabelEntry& entry : table.entries())
        if (!std::binary_search(present.begin(), present.end(), entry.value))
            summary.labelsWithoutVoxels.push_back(entry.value);
    addReferencedSeries(segmentation, source, referenced);
    if (auto saved = save(segmentation, !source.inPlaneShifted, path); !saved)
        return saved.error();
    return summary;
}

} // namespace delineate::dicomseg
