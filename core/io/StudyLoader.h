#pragma once
// Loading studies of every supported kind, and writing volumes and label maps back on their grid.
//
//   DICOM (file, folder scanned recursively, DICOMDIR)  → delineate_dicom (DCMTK)
//   NIfTI-1/2 (.nii, .nii.gz, .hdr/.img) → ITK for plain NIfTI-1, our verified reader for NIfTI-2 and
//                                          gzip; the grid follows the sform, else the qform (as nibabel)
//   MetaImage (.mha/.mhd), NRRD (.nrrd/.nhdr) → ITK
//   PNG, JPEG, TIFF, BMP → OpenCV (2D, no physical spacing)

#include "base/Result.h"
#include "image/LabelMap.h"
#include "image/Volume.h"

#include <array>
#include <optional>
#include <string>

namespace delineate::io {

struct LoadOptions {
    int frame = 0;          // 4D inputs (NIfTI/NRRD with a 4th dimension): which frame to load
    std::string seriesUid;  // DICOM folders: which series; empty = the series with the most images
};

// What a NIfTI source header said, kept so a label map exported for it carries the same sform/qform.
struct NiftiHeaderInfo {
    int qformCode = 0;
    int sformCode = 0;
    std::array<double, 16> qformMatrix{}; // voxel → RAS mm, row-major 4×4
    std::array<double, 16> sformMatrix{};
    double quaternB = 0, quaternC = 0, quaternD = 0, qfac = 1;
    std::array<double, 3> qoffset{};
    int version = 1;                      // 1 or 2
    std::array<double, 8> pixdim{};      // pixdim[0] = qfac, [1..3] voxel size used by the qform
    int xyztUnits = 0;                    // NIfTI xyzt_units byte (mm/s/... codes)
};

struct Study {
    image::Volume volume;
    std::string sourcePath;   // what was opened
    std::string format;       // "dicom", "nifti", "metaimage", "nrrd", "png", "jpeg", "tiff", "bmp"
    std::string seriesUid;    // DICOM only
    int frameCount = 1;       // 4D sources: number of frames available (volume holds `LoadOptions::frame`)
    std::optional<NiftiHeaderInfo> nifti; // NIfTI sources only
};

// Opens a study. Errors name the file and the reason (ErrorCode::UnsupportedFormat, CorruptData, ...).
[[nodiscard]] Result<Study> loadStudy(const std::string& path, const LoadOptions& options = {});

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
