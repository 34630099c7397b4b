#pragma once
// Geometry of a voxel grid, as ITK and DICOM describe it.
//
// Frames:
//  - voxel index (i, j, k): i = column (x, fastest in memory), j = row (y), k = slice (z).
//  - patient LPS millimetres: +x towards patient Left, +y Posterior, +z Superior (DICOM convention).
//  physical = origin + direction * diag(spacing) * index, where the columns of `direction` are the unit
//  vectors of the i, j, k axes in LPS. `origin` is the centre of voxel (0,0,0).

#include <array>
#include <cstdint>
#include <string>

namespace delineate::image {

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<double, 9>; // row-major: m[r*3 + c]

// Vector arithmetic on Vec3.
[[nodiscard]] inline double dot(const Vec3& a, const Vec3& b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
[[nodiscard]] inline Vec3 cross(const Vec3& a, const Vec3& b)
{
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
[[nodiscard]] inline Vec3 minus(const Vec3& a, const Vec3& b)
{
    return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
[[nodiscard]] inline Vec3 scaled(const Vec3& a, double s)
{
    return {a[0] * s, a[1] * s, a[2] * s};
}
[[nodiscard]] double norm(const Vec3& a); // Euclidean length

struct Geometry {
    std::array<std::int64_t, 3> size{1, 1, 1}; // columns, rows, slices (or frames)
    Vec3 spacing{1.0, 1.0, 1.0};               // mm (or pixel units when !physicalSpacing)
    Vec3 origin{0.0, 0.0, 0.0};                // LPS mm of the centre of voxel (0,0,0)
    Mat3 direction{1, 0, 0, 0, 1, 0, 0, 0, 1}; // columns = LPS unit vectors of i, j, k
    // False for images without a physical pixel size (ultrasound, XA, photographs): spacing is 1 pixel
    // and measurements are in pixels, not mm.
    bool physicalSpacing = true;

    // Number of voxels; -1 when a size is not positive or the product would overflow.
    [[nodiscard]] std::int64_t voxelCount() const;
    [[nodiscard]] Vec3 indexToPhysical(const Vec3& index) const;
    [[nodiscard]] Vec3 physicalToIndex(const Vec3& point) const;
    // Column c (0..2) of the direction matrix.
    [[nodiscard]] Vec3 axis(int c) const { return {direction[c], direction[3 + c], direction[6 + c]}; }
    // Same grid: sizes equal, spacing/origin within `toleranceMm`, directions within 1e-4.
    [[nodiscard]] bool sameGrid(const Geometry& other, double toleranceMm = 1e-3) const;
    // 4×4 voxel-index → RAS mm affine (NIfTI sform convention), row-major.
    [[nodiscard]] std::array<double, 16> rasAffine() const;
    // Three-letter orientation code of the i, j, k axes in LPS terms, e.g. "LPS", "RAS", "LAS".
    [[nodiscard]] std::string orientationCode() const;
    // A one-line description: size, spacing, origin, orientation.
    [[nodiscard]] std::string describe() const;
};

// Inverse of a 3×3 matrix (row-major). Returns false when singular.
bool invert3(const Mat3& m, Mat3& inverse);

} // namespace delineate::image
