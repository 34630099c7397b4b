#pragma once
// The identity and placement of every image frame of a scanned series, for objects that must reference
// their source images (a DICOM Segmentation's per-frame Source Image Sequence, its Referenced Series
// Sequence and Frame of Reference).
//
// Frames: patient LPS mm (image/Geometry.h). `position` is ImagePositionPatient, the centre of the first
// pixel of the frame; `rowCosine` / `columnCosine` are ImageOrientationPatient (the directions of
// increasing column index i and row index j).

#include "base/Result.h"
#include "dicom/DicomScanner.h"
#include "image/Geometry.h"

#include <optional>
#include <string>
#include <vector>

namespace delineate::dicom {

struct SourceFrame {
    std::string path;
    std::string sopClassUid;
    std::string sopInstanceUid;
    int frameNumber = 0;                 // 1-based frame of a multi-frame file; 0 for a single-frame image
    std::optional<image::Vec3> position; // absent when the file does not place its frames
    std::optional<image::Vec3> rowCosine;
    std::optional<image::Vec3> columnCosine;
};

struct SourceImages {
    std::string studyInstanceUid;
    std::string seriesInstanceUid;
    std::string frameOfReferenceUid; // empty when the images have none
    bool lossyCompressed = false;    // LossyImageCompression "01" in any image
    std::vector<SourceFrame> frames; // in the order of series.files, frames in file order
};

// Reads the headers (no pixel data) of the series' files. Fails naming the file when one cannot be read,
// or when the files disagree on study, series or Frame of Reference.
[[nodiscard]] Result<SourceImages> readSourceImages(const SeriesInfo& series);

} // namespace delineate::dicom
