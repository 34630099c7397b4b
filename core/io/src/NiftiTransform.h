#pragma once
// Between NIfTI q/s-forms (voxel → RAS mm) and Delineate's Geometry (LPS, unit direction columns,
// origin = centre of voxel 0). Internal to delineate_io.
//
// Which transform defines the grid (same precedence as nibabel and FSL):
//   sform_code > 0 → sform; else qform_code > 0 → qform; else pixdim scaling only (NIfTI "method 1").
// RAS = diag(-1, -1, 1) · LPS.

#include "NiftiHeader.h"
#include "base/Result.h"
#include "image/Geometry.h"
#include "io/StudyLoader.h"

#include <array>

namespace delineate::io::detail {

using Matrix4 = std::array<double, 16>; // row-major

// nifti_quatern_to_mat44: quaternion (b, c, d), offsets, voxel sizes and qfac → 4×4.
[[nodiscard]] Matrix4 quaternionToMatrix(double b, double c, double d, const std::array<double, 3>& offset,
                                         const std::array<double, 3>& voxelSize, double qfac);

[[nodiscard]] Matrix4 qformMatrix(const NiftiHeader& header);
[[nodiscard]] Matrix4 sformMatrix(const NiftiHeader& header);

// The transform fields of a parsed header, as Study::nifti keeps them.
[[nodiscard]] NiftiHeaderInfo headerInfo(const NiftiHeader& header);
// Writes the transform fields of `info` (codes, quaternion, offsets, s-rows, pixdim[0..3], units) into
// `header`, so that the written file carries exactly the source's transforms.
void applyHeaderInfo(const NiftiHeaderInfo& info, NiftiHeader& header);

// The voxel → RAS matrix that defines the grid (precedence above).
[[nodiscard]] Matrix4 gridMatrix(const NiftiHeader& header);
// Geometry (size from dim[1..3]) of a header. Fails for degenerate transforms.
[[nodiscard]] Result<image::Geometry> geometryFromHeader(const NiftiHeader& header, const std::string& path);

// Transform fields for a file written from our geometry: qform = sform, both code 1 (scanner).
[[nodiscard]] NiftiHeaderInfo headerInfoFromGeometry(const image::Geometry& geometry);

} // namespace delineate::io::detail
