#pragma once
// The fields of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header that Delineate reads and writes,
// held in the widest type of either version. Parsing handles both byte orders; serialising writes the
// host (little-endian) order. Internal to delineate_io.
//
// Frames: the q/s-form matrices map voxel index (i, j, k) to RAS millimetres (NIfTI convention).

#include "base/Result.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace delineate::io::detail {

// NIfTI datatype codes (nifti1.h).
enum NiftiDataType : int {
    kNiftiUInt8 = 2,
    kNiftiInt16 = 4,
    kNiftiInt32 = 8,
    kNiftiFloat32 = 16,
    kNiftiComplex64 = 32,
    kNiftiFloat64 = 64,
    kNiftiRgb24 = 128,
    kNiftiInt8 = 256,
    kNiftiUInt16 = 512,
    kNiftiUInt32 = 768,
    kNiftiInt64 = 1024,
    kNiftiUInt64 = 1280,
    kNiftiRgba32 = 2304,
};

struct NiftiHeader {
    int version = 1;        // 1 or 2
    bool bigEndian = false; // byte order of the file (parsing only)
    bool singleFile = true; // "n+1"/"n+2" (.nii) vs "ni1"/"ni2" (.hdr + .img)
    bool analyze = false;   // ANALYZE 7.5 header without NIfTI magic
    std::array<std::int64_t, 8> dim{};
    std::array<double, 8> pixdim{};
    int datatype = 0;
    int bitpix = 0;
    std::int64_t voxOffset = 0;
    double sclSlope = 0, sclInter = 0;
    double calMin = 0, calMax = 0;
    int xyztUnits = 0;
    int intentCode = 0;
    int qformCode = 0, sformCode = 0;
    double quaternB = 0, quaternC = 0, quaternD = 0;
    std::array<double, 3> qoffset{};
    std::array<std::array<double, 4>, 3> srow{};
    std::string description;

    [[nodiscard]] std::size_t headerSize() const { return version == 2 ? 540 : 348; }
    // Voxels in one 3D frame, number of frames (dim 4 × 5 × ...), bytes per voxel.
    [[nodiscard]] std::int64_t frameVoxels() const;
    [[nodiscard]] std::int64_t frameCount() const;
    [[nodiscard]] int bytesPerVoxel() const;
    // Samples (scalars) per voxel: 1, or 3/4 for RGB24/RGBA32.
    [[nodiscard]] int samplesPerVoxel() const;
    // Scale factors apply (slope not 0/1 or intercept not 0, both finite).
    [[nodiscard]] bool scaled() const;

    // Parses a header from its first bytes (at least 348; 540 for NIfTI-2). `path` names errors.
    static Result<NiftiHeader> parse(const unsigned char* bytes, std::size_t size, const std::string& path);
    // Reads and parses the header of a .nii/.nii.gz/.hdr(.gz) file.
    static Result<NiftiHeader> read(const std::string& path);
    // Checks dimensions, datatype and sizes (the data must fit within kMaxElements per frame).
    [[nodiscard]] Result<void> validate(const std::string& path) const;

    // Header bytes in host order, padded with the 4-byte empty extension flag and up to voxOffset.
    [[nodiscard]] std::vector<unsigned char> serialize() const;
};

// Name of a NIfTI datatype code ("uint8", ...), or "code N".
[[nodiscard]] std::string niftiDataTypeName(int datatype);

// For a .hdr header, the matching image file (.img or .img.gz) that exists; otherwise `path`.
[[nodiscard]] std::string niftiDataFile(const std::string& headerPath, const NiftiHeader& header);

} // namespace delineate::io::detail
