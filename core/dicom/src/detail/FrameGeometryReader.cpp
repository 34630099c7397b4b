#include "detail/FrameGeometryReader.h"

#include "detail/DatasetAccess.h"
#include "detail/ImageHeader.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <algorithm>
#include <cmath>

namespace delineate::dicom::detail {

namespace {

void readRescale(DcmItem& item, FrameGeometry& frame, ImageHeader& h)
{
    const auto slope = numberValue(item, DCM_RescaleSlope);
    if (slope && *slope != 0.0)
        frame.rescaleSlope = *slope;
    else if (slope)
        h.notes.emplace_back("RescaleSlope 0 ignored (treated as 1)");
    if (const auto intercept = numberValue(item, DCM_RescaleIntercept))
        frame.rescaleIntercept = *intercept;
}

FrameGeometry readClassic(DcmDataset& ds, ImageHeader& h)
{
    FrameGeometry frame;
    if (const auto position = numberArray<3>(ds, DCM_ImagePositionPatient))
        frame.position = image::Vec3{(*position)[0], (*position)[1], (*position)[2]};
    frame.orientation = numberArray<6>(ds, DCM_ImageOrientationPatient);
    frame.pixelSpacing = numberArray<2>(ds, DCM_PixelSpacing);
    if (!frame.pixelSpacing) {
        frame.pixelSpacing = numberArray<2>(ds, DCM_ImagerPixelSpacing);
        if (frame.pixelSpacing)
            h.notes.emplace_back("pixel spacing from ImagerPixelSpacing (at the detector, not the patient)");
    }
    frame.sliceThickness = numberValue(ds, DCM_SliceThickness).value_or(0.0);
    readRescale(ds, frame, h);
    return frame;
}

// A functional group macro: the per-frame item wins over the shared one.
DcmItem* macroItem(DcmItem* perFrame, DcmItem* shared, const DcmTagKey& sequenceTag)
{
    if (perFrame)
        if (DcmItem* item = firstItem(*perFrame, sequenceTag))
            return item;
    return shared ? firstItem(*shared, sequenceTag) : nullptr;
}

FrameGeometry readFunctionalGroups(DcmItem* perFrame, DcmItem* shared, ImageHeader& h)
{
    FrameGeometry frame;
    if (DcmItem* item = macroItem(perFrame, shared, DCM_PlanePositionSequence))
        if (const auto position = numberArray<3>(*item, DCM_ImagePositionPatient))
            frame.position = image::Vec3{(*position)[0], (*position)[1], (*position)[2]};
    if (DcmItem* item = macroItem(perFrame, shared, DCM_PlaneOrientationSequence))
        frame.orientation = numberArray<6>(*item, DCM_ImageOrientationPatient);
    if (DcmItem* item = macroItem(perFrame, shared, DCM_PixelMeasuresSequence)) {
        frame.pixelSpacing = numberArray<2>(*item, DCM_PixelSpacing);
        frame.sliceThickness = numberValue(*item, DCM_SliceThickness).value_or(0.0);
    }
    if (DcmItem* item = macroItem(perFrame, shared, DCM_PixelValueTransformationSequence))
        readRescale(*item, frame, h);
    return frame;
}

Result<void> readEnhanced(DcmDataset& ds, DcmSequenceOfItems& perFrameGroups, ImageHeader& h)
{
    if (perFrameGroups.card() != static_cast<unsigned long>(h.frames))
        return makeError(ErrorCode::CorruptData, h.path,
                         "PerFrameFunctionalGroupsSequence has " + std::to_string(perFrameGroups.card()) +
                             " items for " + std::to_string(h.frames) + " frames");
    DcmItem* shared = firstItem(ds, DCM_SharedFunctionalGroupsSequence);
    FrameGeometry classic = readClassic(ds, h);
    h.enhanced = true;
    h.frameGeometry.reserve(static_cast<std::size_t>(h.frames));
    for (int f = 0; f < h.frames; ++f) {
        FrameGeometry frame =
            readFunctionalGroups(perFrameGroups.getItem(static_cast<unsigned long>(f)), shared, h);
        if (!frame.pixelSpacing)
            frame.pixelSpacing = classic.pixelSpacing;
        h.frameGeometry.push_back(frame);
    }
    return {};
}

image::Vec3 sliceNormal(const std::array<double, 6>& o)
{
    return {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
}

// Frames k = 0..n-1 at IPP + offset[k] * normal (RT Dose grid, NM/PT reconstructions).
void placeAlongNormal(ImageHeader& h, const FrameGeometry& base, const std::vector<double>& offsets)
{
    const image::Vec3 n = sliceNormal(*base.orientation);
    for (int f = 0; f < h.frames; ++f) {
        FrameGeometry frame = base;
        const double d = offsets[static_cast<std::size_t>(f)];
        frame.position = image::Vec3{(*base.position)[0] + d * n[0], (*base.position)[1] + d * n[1],
                                     (*base.position)[2] + d * n[2]};
        h.frameGeometry.push_back(frame);
    }
}

std::vector<double> gridOffsets(DcmDataset& ds, int frames)
{
    std::vector<double> offsets;
    for (int f = 0; f < frames; ++f) {
        const auto value = numberValue(ds, DCM_GridFrameOffsetVector, static_cast<unsigned long>(f));
        if (!value)
            return {};
        offsets.push_back(*value);
    }
    for (double& offset : offsets) // first value non-zero: absolute z positions, made relative here
        offset -= offsets.front();
    return offsets;
}

void readClassicMultiFrame(DcmDataset& ds, ImageHeader& h)
{
    const FrameGeometry base = readClassic(ds, h);
    h.spacingBetweenSlices = numberValue(ds, DCM_SpacingBetweenSlices);
    const bool placed = base.position && base.orientation;
    if (placed) {
        if (std::vector<double> offsets = gridOffsets(ds, h.frames); !offsets.empty()) {
            placeAlongNormal(h, base, offsets);
            return;
        }
        const bool volumetric = h.modality == "NM" || h.modality == "PT";
        if (volumetric && h.spacingBetweenSlices && *h.spacingBetweenSlices > 0) {
            std::vector<double> offsets;
            offsets.reserve(static_cast<std::size_t>(std::max(h.frames, 0)));
            for (int f = 0; f < h.frames; ++f)
                offsets.push_back(f * *h.spacingBetweenSlices);
            placeAlongNormal(h, base, offsets);
            h.notes.emplace_back("frame positions derived from SpacingBetweenSlices");
            return;
        }
    }
    FrameGeometry unplaced = base; // cine / sequence of frames: no per-frame position
    unplaced.position.reset();
    unplaced.orientation.reset();
    h.frameGeometry.assign(static_cast<std::size_t>(h.frames), unplaced);
}

} // namespace

Result<void> readFrameGeometry(DcmDataset& dataset, ImageHeader& header)
{
    header.frameGeometry.clear();
    DcmSequenceOfItems* perFrameGroups = nullptr;
    if (dataset.findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrameGroups).good() &&
        perFrameGroups && perFrameGroups->card() > 0)
        return readEnhanced(dataset, *perFrameGroups, header);
    if (header.frames > 1) {
        readClassicMultiFrame(dataset, header);
        return {};
    }
    header.spacingBetweenSlices = numberValue(dataset, DCM_SpacingBetweenSlices);
    header.frameGeometry.push_back(readClassic(dataset, header));
    return {};
}

} // namespace delineate::dicom::detail
