#pragma once
// Reading a DICOM Segmentation (SEG) with DCMTK's dcmseg, and placing it on the grid of its source series
// as a label map with names and colours.
//
// Frames: a SEG frame's pixel (column c, row r) lies at position + c * columnSpacing * rowCosine +
// r * rowSpacing * columnCosine (LPS mm), as for any DICOM image. Import places each frame on the grid of
// the open series when it lies in the plane of a grid slice, with the grid's orientation and pixel size and
// a whole-voxel offset within the plane (a SEG drawn on the tilt-corrected grid of a gantry-tilted series
// comes back onto it: SegmentationSource.h).

#include "base/Result.h"
#include "dicomseg/SegmentationSource.h"
#include "dicomseg/SegmentationWriter.h"
#include "image/LabelMap.h"
#include "labels/LabelTable.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace delineate::dicomseg {

struct SegmentDescription {
    std::uint16_t number = 0;
    std::string label;
    labels::Rgb colour; // from Recommended Display CIELab Value, or the default palette
    SegmentProvenance provenance;
};

struct SegmentationFrame {
    std::uint16_t segment = 0;
    image::Vec3 position{};           // Image Position (Patient) of the frame
    std::string sourceInstanceUid;    // first Source Image of its Derivation Image, may be empty
    std::vector<std::uint8_t> pixels; // rows x columns, 0 / 1, row-major
};

struct Segmentation {
    std::string path;
    std::string studyInstanceUid, seriesInstanceUid, frameOfReferenceUid, seriesDescription;
    std::vector<std::string> referencedSeriesUids; // Referenced Series Sequence
    int rows = 0, columns = 0;
    image::Vec3 rowCosine{}, columnCosine{};
    double rowSpacing = 0, columnSpacing = 0; // Pixel Spacing (0028,0030): [0] rows, [1] columns
    std::vector<SegmentDescription> segments;
    std::vector<SegmentationFrame> frames;
    std::vector<std::string> notes; // what was repaired while reading
};

// Reads a binary or fractional SEG (fractional frames are thresholded at half their maximum). Fails with
// UnsupportedFormat for other objects, CorruptData for inconsistent ones (missing plane positions,
// frames of unknown segments).
[[nodiscard]] Result<Segmentation> readSegmentation(const std::string& path);

struct ImportedLabels {
    image::LabelMap labels;
    labels::LabelTable table;
    std::vector<std::string> notes; // overlapping segments, voxels outside the grid
};

// Places `segmentation` on source.grid. Refused (InvalidArgument) with the reason when its Frame of
// Reference or referenced series is not the source's, or (InvalidGeometry) when a frame does not lie on the
// grid. Label values: a label of `existing` with the segment's name keeps its value, else the segment
// number when free, else the lowest free value. Where segments overlap, the later segment wins (noted).
[[nodiscard]] Result<ImportedLabels> importSegmentation(const Segmentation& segmentation,
                                                        const SegmentationSource& source,
                                                        const labels::LabelTable* existing);

} // namespace delineate::dicomseg
