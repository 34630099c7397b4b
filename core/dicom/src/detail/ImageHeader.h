#pragma once
// The attributes of one DICOM image file that the scanner and the loader need, read and validated once.

#include "base/Result.h"
#include "image/Geometry.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

class DcmDataset;

namespace delineate::dicom::detail {

// Where one frame lies in patient space (LPS mm) and how its stored values map to real values.
struct FrameGeometry {
    std::optional<image::Vec3> position;               // ImagePositionPatient: centre of the first pixel
    std::optional<std::array<double, 6>> orientation;  // ImageOrientationPatient: row cosine, column cosine
    std::optional<std::array<double, 2>> pixelSpacing; // PixelSpacing: row spacing (y), column spacing (x)
    double sliceThickness = 0.0;                       // 0 when absent
    double rescaleSlope = 1.0;
    double rescaleIntercept = 0.0;
};

// What tells apart the images of one series that lie at the same place: several echoes, magnitude and
// phase, diffusion weightings, time points. The scanner splits such a series into one stack per value.
struct RepeatAttributes {
    std::optional<double> echoNumber; // EchoNumbers (0018,0086)
    std::optional<double> echoTimeMs; // EchoTime (0018,0081)
    std::string component;            // "magnitude", "phase", "real", "imaginary" (ComplexImageComponent
                                      // or ImageType), else the whole ImageType
    std::optional<double> bValue;     // DiffusionBValue (0018,9087)
    std::optional<double> temporalPosition;  // TemporalPositionIdentifier (0020,0100)
    std::optional<double> acquisitionNumber; // AcquisitionNumber (0020,0012)
    std::optional<double> triggerTimeMs;     // TriggerTime (0018,1060)
};

struct ImageHeader {
    std::string path;
    std::string patientName, patientId;
    std::string studyInstanceUid, studyDescription, studyDate;
    std::string seriesInstanceUid, seriesDescription, modality;
    std::string sopClassUid, sopInstanceUid, transferSyntaxUid, transferSyntaxName, photometric;
    int seriesNumber = 0;
    int instanceNumber = 0;

    int rows = 0, columns = 0, frames = 1, samplesPerPixel = 1;
    int bitsAllocated = 0, bitsStored = 0, pixelRepresentation = 0;
    bool encapsulated = false;    // compressed pixel data (fragments)
    std::uintmax_t dataBytes = 0; // size of the DICOM stream the header came from

    bool enhanced = false;                    // geometry from (shared / per-frame) functional groups
    std::vector<FrameGeometry> frameGeometry; // one entry per frame
    std::optional<double> spacingBetweenSlices;
    double frameTimeMs = 0.0; // cine frame interval, 0 when unknown
    RepeatAttributes repeat;
    std::vector<std::string> notes;

    [[nodiscard]] bool isColor() const { return samplesPerPixel == 3 || photometric == "PALETTE COLOR"; }
    [[nodiscard]] std::int64_t pixelsPerFrame() const { return std::int64_t(rows) * columns; }
};

// Reads and validates the header of an image file (`dataBytes` = size of its DICOM stream). Fails with
// UnsupportedFormat for objects without pixel data (RT, SR, ...), CorruptData for inconsistent values and
// pixel data shorter than the header claims, TooLarge for absurd sizes, UnsupportedTransferSyntax when no
// decoder is available.
[[nodiscard]] Result<ImageHeader> readImageHeader(DcmDataset& dataset, const std::string& path,
                                                  std::uintmax_t dataBytes);

// "mandatory attribute PixelRepresentation (0028,0103) is missing or empty" for the first attribute of the
// Image Pixel Module the decoder needs that `dataset` lacks (the palette tables too when `paletteColour`);
// nullopt when all are there. pydicom refuses the same files ("Missing required element").
[[nodiscard]] std::optional<std::string> missingPixelModuleAttribute(DcmDataset& dataset, bool paletteColour);

// The non-image reason, or empty for an object with pixel data: "DICOMDIR", "RT Structure Set Storage"...
[[nodiscard]] std::string describeSopClass(const std::string& sopClassUid);

} // namespace delineate::dicom::detail
