#pragma once
// Loading studies of every supported kind, and writing volumes and label maps back on their grid.
//
//   DICOM (file, folder scanned recursively, DICOMDIR)  → delineate_dicom (DCMTK)
//   NIfTI-1/2 (.nii, .nii.gz, .hdr/.img) → our verified reader (sizes, gzip CRC and length checked);
//                                          the grid follows the sform, else the qform (as nibabel)
//   MetaImage (.mha/.mhd), NRRD (.nrrd/.nhdr) → ITK
//   PNG, JPEG, TIFF, BMP → OpenCV (2D, no physical spacing)

#include "base/Result.h"
#include "image/LabelMap.h"
#include "image/Volume.h"

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace delineate::io {

struct LoadOptions {
    int frame = 0;         // 4D inputs (NIfTI/MHA/NRRD with a 4th dimension): which frame to load (0-based)
    std::string seriesUid; // DICOM folders: which series; empty = the series with the most images
    int stack = 0;         // DICOM: which stack of a series split into several (SeriesEntry::stack)
    // Load even when the decoded volume (float32 per component) exceeds the memory available now
    // (MemAvailable, RLIMIT_AS); otherwise such a study is refused with ErrorCode::TooLarge before
    // anything is allocated, from the size its header declares (NIfTI, MetaImage and NRRD headers; for a
    // DICOM series rows x columns x frames of all its files, before a file is read whole). The
    // environment variable DELINEATE_ALLOW_LARGE=1 has the same effect.
    bool allowLarge = false;
};

// One image series found at a DICOM path (a stack of it when the scanner split the series because its
// images differ in size, orientation or colour model), for a series picker.
struct SeriesEntry {
    std::string seriesUid;
    int stack = 0; // 0-based
    int stackCount = 1;
    std::string stackLabel; // what sets a stack of repeated positions apart: "echo 2 (TE 9.5 ms)", "phase"...
    int seriesNumber = 0;
    std::string patientName, studyDate, studyDescription, seriesDescription, modality;
    int columns = 0, rows = 0, frames = 0;
    std::size_t files = 0;
    std::vector<std::string> notes; // e.g. why the series was split
};

namespace detail {
struct DicomScanHandle;
}

// What is at a path, scanned once: for DICOM inputs (file, folder, DICOMDIR) the image series found there;
// for every other format no series (it holds one image). Cheap to copy; shared between threads.
struct SeriesListing {
    std::string path;
    std::vector<SeriesEntry> series;
    std::shared_ptr<const detail::DicomScanHandle> scan; // internal: the DICOM scan loadStudy reuses
};

// What a NIfTI source header said, kept so a label map exported for it carries the same sform/qform.
struct NiftiHeaderInfo {
    int qformCode = 0;
    int sformCode = 0;
    std::array<double, 16> qformMatrix{}; // voxel → RAS mm, row-major 4×4
    std::array<double, 16> sformMatrix{};
    double quaternB = 0, quaternC = 0, quaternD = 0, qfac = 1;
    std::array<double, 3> qoffset{};
    int version = 1;                // 1 or 2
    std::array<double, 8> pixdim{}; // pixdim[0] = qfac, [1..3] voxel size used by the qform
    int xyztUnits = 0;              // NIfTI xyzt_units byte (mm/s/... codes)
};

struct Study {
    image::Volume volume;
    std::string sourcePath;            // what was opened
    std::string format;                // "dicom", "nifti", "metaimage", "nrrd", "png", "jpeg", "tiff", "bmp"
    std::string seriesUid;             // DICOM only
    int stack = 0;                     // DICOM: stack of a split series (LoadOptions::stack)
    std::optional<SeriesEntry> series; // DICOM: the series loaded
    int frame = 0;                     // 4D sources: the frame the volume holds (LoadOptions::frame)
    int frameCount = 1;                // 4D sources: number of frames available
    std::optional<NiftiHeaderInfo> nifti; // NIfTI sources only
    // The loader's notes are volume.notes (facts: "MONOCHROME1 inverted"); warnings are problems with the
    // data the user must not miss, each naming the file (Error::path; message() is one line): a file of the
    // DICOM folder that could not be read (the study opens without it), a DICOMDIR entry whose file is
    // missing (path: that file) or outside the DICOMDIR's folder (path: the DICOMDIR, the entry in detail).
    // The GUI shows them in Study Information and as a status-bar warning; delineate-cli prints them on
    // stderr, and its --strict refuses a study that has any.
    std::vector<Error> warnings;
};

// What a study's header declares, read without decoding a voxel (delineate-cli info).
struct StudyHeader {
    std::string sourcePath;
    std::string format;
    image::Geometry geometry;
    int components = 1;
    image::ComponentType sourceType = image::ComponentType::Float32;
    int frameCount = 1;
    std::vector<std::string> notes;
};

// Opens a study. Errors name the file and the reason (ErrorCode::UnsupportedFormat, CorruptData, ...).
[[nodiscard]] Result<Study> loadStudy(const std::string& path, const LoadOptions& options = {});

// Scans `path` for its series (see SeriesListing); fails when the path cannot be read or its format is
// unknown. A DICOM path without any image series gives an empty list, not an error (loadStudy says why).
[[nodiscard]] Result<SeriesListing> listSeries(const std::string& path);
// Opens a study from a listing: for DICOM without scanning again (`options.seriesUid` / `stack` choose the
// series, empty = the one with the most images); for other formats as loadStudy(listing.path, options).
[[nodiscard]] Result<Study> loadStudy(const SeriesListing& listing, const LoadOptions& options = {});

// The header of a NIfTI study (sizes checked against the file, no voxel read); std::nullopt for the other
// formats, whose geometry is known only by loading them.
[[nodiscard]] Result<std::optional<StudyHeader>> readStudyHeader(const SeriesListing& listing,
                                                                 const LoadOptions& options = {});

// Writes a volume as NIfTI (.nii/.nii.gz), MetaImage (.mha/.mhd) or NRRD (.nrrd), keeping geometry and,
// where the format allows, the source component type. Atomic: temporary file, then rename.
[[nodiscard]] Result<void> saveVolume(const image::Volume& volume, const std::string& path);

// Writes a label map on the grid of `source` (.nii.gz, .nii; .mha, .nrrd also accepted). For a NIfTI
// source the same sform/qform (codes and matrices) are written. Atomic.
[[nodiscard]] Result<void> saveLabelMap(const image::LabelMap& labels, const Study& source,
                                        const std::string& path);

// Reads a label map to continue work on `source`; a grid mismatch is refused (ErrorCode::SizeMismatch)
// with a message naming both grids.
[[nodiscard]] Result<image::LabelMap> loadLabelMap(const std::string& path, const Study& source);

} // namespace delineate::io
