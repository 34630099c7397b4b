#pragma once
// Writing a label map as a DICOM Segmentation (SEG, binary) with DCMTK's dcmseg.
//
// One segment per label value present in the map (labels without voxels are left out), numbered 1..N in
// ascending label value; segment label = the label's name, Recommended Display CIELab Value = its colour
// (sRGB → CIELab, DCMTK's IODCIELabUtil), algorithm type MANUAL, or SEMIAUTOMATIC / AUTOMATIC with the
// model (e.g. "SAM vit_t + adapter liver-v2") as the algorithm name where SegmentProvenance says so.
// Category and type codes: SCT 85756007 "Tissue" (the labels carry no coded meaning).
//
// Geometry: one frame per (segment, grid slice k) that holds voxels of the label; empty frames are left
// out. Frame k lies in the plane of its source image at the grid's in-plane placement: Image Position
// (Patient) = SegmentationSource::framePosition(k) (= the source image's own position unless the grid is
// tilt-corrected), shared Plane Orientation = grid axes i and j, Pixel Measures = grid spacing (row spacing,
// column spacing; slice thickness and spacing between slices = spacing[2]). Frame pixel (column c, row r) =
// voxel (c, r, k). Every frame names the source image in its plane (Derivation Image Sequence → Source Image
// Sequence, purpose "Source image for image processing operation"); the Referenced Series Sequence lists them
// all; Frame of Reference, patient and study are taken from the source images. For a tilt-corrected grid see
// SegmentationSource.h: the frames keep the grid's positions and reference the image of the same plane.

#include "base/Result.h"
#include "dicomseg/SegmentationSource.h"
#include "image/LabelMap.h"
#include "labels/LabelTable.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace delineate::dicomseg {

enum class SegmentAlgorithm { Manual, SemiAutomatic, Automatic };

struct SegmentProvenance {
    SegmentAlgorithm type = SegmentAlgorithm::Manual;
    std::string algorithmName; // required unless Manual, e.g. "SAM vit_t + adapter liver-v2"
};

struct SegmentationExportOptions {
    std::string seriesDescription = "Delineate labels";
    int seriesNumber = 901;
    std::string contentLabel = "DELINEATE"; // CS: upper case, digits, '_' and space, at most 16 characters
    std::string contentDescription;
    std::string contentCreator; // person name, may be empty
    std::string softwareVersion = "1";
    std::map<std::uint16_t, SegmentProvenance> provenance; // by label value; absent = Manual
};

struct SegmentationExportSummary {
    std::vector<std::uint16_t> exportedLabels; // in segment order (segment n = exportedLabels[n - 1])
    std::vector<std::uint16_t> labelsWithoutVoxels;
    std::size_t frames = 0;
    bool inPlaneShifted = false;
};

// Writes the SEG to `path` atomically (temporary file, then rename). Fails with SizeMismatch when the label
// map is not on source.grid, InvalidArgument when it has no voxels or a label touches a slice without a
// source image, WriteFailed naming DCMTK's reason otherwise.
[[nodiscard]] Result<SegmentationExportSummary> writeSegmentation(const image::LabelMap& labels,
                                                                  const labels::LabelTable& table,
                                                                  const SegmentationSource& source,
                                                                  const SegmentationExportOptions& options,
                                                                  const std::string& path);

} // namespace delineate::dicomseg
