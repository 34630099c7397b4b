#include "NiftiTransform.h"

#include <cmath>

namespace delineate::io::detail {

namespace {

using image::Vec3;

using image::cross;
using image::norm;

double voxelSizeOrOne(double size)
{
    return size > 0 && std::isfinite(size) ? size : 1.0;
}

// nifti_mat44_to_quatern for an orthonormal rotation R (row-major, det +1).
void rotationToQuaternion(const std::array<double, 9>& r, double& b, double& c, double& d)
{
    double a = r[0] + r[4] + r[8] + 1.0;
    if (a > 0.5) {
        a = 0.5 * std::sqrt(a);
        b = 0.25 * (r[7] - r[5]) / a;
        c = 0.25 * (r[2] - r[6]) / a;
        d = 0.25 * (r[3] - r[1]) / a;
    } else {
        const double xd = 1.0 + r[0] - (r[4] + r[8]);
        const double yd = 1.0 + r[4] - (r[0] + r[8]);
        const double zd = 1.0 + r[8] - (r[0] + r[4]);
        if (xd > 1.0) {
            b = 0.5 * std::sqrt(xd);
            c = 0.25 * (r[1] + r[3]) / b;
            d = 0.25 * (r[2] + r[6]) / b;
            a = 0.25 * (r[7] - r[5]) / b;
        } else if (yd > 1.0) {
            c = 0.5 * std::sqrt(yd);
            b = 0.25 * (r[1] + r[3]) / c;
            d = 0.25 * (r[5] + r[7]) / c;
            a = 0.25 * (r[2] - r[6]) / c;
        } else {
            d = 0.5 * std::sqrt(zd);
            b = 0.25 * (r[2] + r[6]) / d;
            c = 0.25 * (r[5] + r[7]) / d;
            a = 0.25 * (r[3] - r[1]) / d;
        }
        if (a < 0.0) {
            b = -b;
            c = -c;
            d = -d;
        }
    }
}

} // namespace

Matrix4 quaternionToMatrix(double b, double c, double d, const std::array<double, 3>& offset,
                           const std::array<double, 3>& voxelSize, double qfac)
{
    double a = 1.0 - (b * b + c * c + d * d);
    if (a < 1e-7) { // special case: 180-degree rotation, renormalise (b, c, d)
        a = 1.0 / std::sqrt(b * b + c * c + d * d);
        b *= a;
        c *= a;
        d *= a;
        a = 0.0;
    } else {
        a = std::sqrt(a);
    }
    const double xd = voxelSizeOrOne(voxelSize[0]);
    const double yd = voxelSizeOrOne(voxelSize[1]);
    const double zd = voxelSizeOrOne(voxelSize[2]) * (qfac < 0 ? -1.0 : 1.0);
    Matrix4 m{};
    m[0] = (a * a + b * b - c * c - d * d) * xd;
    m[1] = 2.0 * (b * c - a * d) * yd;
    m[2] = 2.0 * (b * d + a * c) * zd;
    m[4] = 2.0 * (b * c + a * d) * xd;
    m[5] = (a * a + c * c - b * b - d * d) * yd;
    m[6] = 2.0 * (c * d - a * b) * zd;
    m[8] = 2.0 * (b * d - a * c) * xd;
    m[9] = 2.0 * (c * d + a * b) * yd;
    m[10] = (a * a + d * d - c * c - b * b) * zd;
    m[3] = offset[0];
    m[7] = offset[1];
    m[11] = offset[2];
    m[15] = 1.0;
    return m;
}

Matrix4 qformMatrix(const NiftiHeader& header)
{
    return quaternionToMatrix(header.quaternB, header.quaternC, header.quaternD, header.qoffset,
                              {header.pixdim[1], header.pixdim[2], header.pixdim[3]}, header.pixdim[0]);
}

Matrix4 sformMatrix(const NiftiHeader& header)
{
    Matrix4 m{};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c)
            m[r * 4 + c] = header.srow[r][c];
    m[15] = 1.0;
    return m;
}

NiftiHeaderInfo headerInfo(const NiftiHeader& header)
{
    NiftiHeaderInfo info;
    info.version = header.version;
    info.qformCode = header.qformCode;
    info.sformCode = header.sformCode;
    info.qformMatrix = qformMatrix(header);
    info.sformMatrix = sformMatrix(header);
    info.quaternB = header.quaternB;
    info.quaternC = header.quaternC;
    info.quaternD = header.quaternD;
    info.qfac = header.pixdim[0] < 0 ? -1.0 : 1.0;
    info.qoffset = header.qoffset;
    info.pixdim = header.pixdim;
    info.xyztUnits = header.xyztUnits;
    return info;
}

void applyHeaderInfo(const NiftiHeaderInfo& info, NiftiHeader& header)
{
    header.qformCode = info.qformCode;
    header.sformCode = info.sformCode;
    header.quaternB = info.quaternB;
    header.quaternC = info.quaternC;
    header.quaternD = info.quaternD;
    header.qoffset = info.qoffset;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c)
            header.srow[r][c] = info.sformMatrix[r * 4 + c];
    for (int i = 0; i < 4; ++i)
        header.pixdim[i] = info.pixdim[i];
    if (info.pixdim[0] == 0)
        header.pixdim[0] = info.qfac;
    header.xyztUnits = info.xyztUnits;
}

Matrix4 gridMatrix(const NiftiHeader& header)
{
    if (header.sformCode > 0)
        return sformMatrix(header);
    if (header.qformCode > 0)
        return qformMatrix(header);
    Matrix4 m{};
    m[0] = voxelSizeOrOne(header.pixdim[1]);
    m[5] = voxelSizeOrOne(header.pixdim[2]);
    m[10] = voxelSizeOrOne(header.pixdim[3]);
    m[15] = 1.0;
    return m;
}

Result<image::Geometry> geometryFromHeader(const NiftiHeader& header, const std::string& path)
{
    const Matrix4 m = gridMatrix(header);
    for (double v : m)
        if (!std::isfinite(v))
            return makeError(ErrorCode::InvalidGeometry, path,
                             std::string(header.sformCode > 0 ? "sform" : "qform") +
                                 " holds a value that is not a finite number");
    image::Geometry g;
    for (int a = 0; a < 3; ++a)
        g.size[a] = a < header.dim[0] ? std::max<std::int64_t>(1, header.dim[a + 1]) : 1;
    std::array<Vec3, 3> columns{};
    for (int c = 0; c < 3; ++c) {
        columns[c] = {-m[c], -m[4 + c], m[8 + c]}; // RAS → LPS
        g.spacing[c] = norm(columns[c]);
    }
    // A 2D image often has a zero third column: complete it with the normal of the first two.
    if (g.spacing[2] < 1e-12 && g.size[2] == 1) {
        columns[2] = cross(columns[0], columns[1]);
        const double n = norm(columns[2]);
        for (double& v : columns[2])
            v = n > 0 ? v / n : 0;
        g.spacing[2] = voxelSizeOrOne(header.pixdim[3]);
        columns[2] = {columns[2][0] * g.spacing[2], columns[2][1] * g.spacing[2],
                      columns[2][2] * g.spacing[2]};
    }
    for (int c = 0; c < 3; ++c) {
        if (!(g.spacing[c] > 1e-12) || !std::isfinite(g.spacing[c]))
            return makeError(ErrorCode::InvalidGeometry, path,
                             std::string(header.sformCode > 0 ? "sform" : "qform") + " column " +
                                 std::to_string(c) + " is zero or not finite");
        for (int r = 0; r < 3; ++r)
            g.direction[r * 3 + c] = columns[c][r] / g.spacing[c];
    }
    g.origin = {-m[3], -m[7], m[11]};
    image::Mat3 inverse{};
    if (!image::invert3(g.direction, inverse))
        return makeError(ErrorCode::InvalidGeometry, path, "voxel to world transform is singular");
    return g;
}

NiftiHeaderInfo headerInfoFromGeometry(const image::Geometry& geometry)
{
    NiftiHeaderInfo info;
    info.qformCode = 1;
    info.sformCode = 1;
    info.sformMatrix = geometry.rasAffine();
    // Orthonormalise the RAS direction columns (Gram-Schmidt) for the quaternion.
    std::array<Vec3, 3> col{};
    for (int c = 0; c < 3; ++c) {
        const Vec3 lps = geometry.axis(c);
        col[c] = {-lps[0], -lps[1], lps[2]};
    }
    auto normalise = [](Vec3& v) {
        const double n = norm(v);
        for (double& x : v)
            x = n > 0 ? x / n : 0;
    };
    normalise(col[0]);
    const double dot01 = col[1][0] * col[0][0] + col[1][1] * col[0][1] + col[1][2] * col[0][2];
    for (int r = 0; r < 3; ++r)
        col[1][r] -= dot01 * col[0][r];
    normalise(col[1]);
    const Vec3 normal = cross(col[0], col[1]);
    const double handedness = normal[0] * col[2][0] + normal[1] * col[2][1] + normal[2] * col[2][2];
    info.qfac = handedness < 0 ? -1.0 : 1.0;
    col[2] = normal; // proper rotation; qfac carries the reflection
    std::array<double, 9> rotation{};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            rotation[r * 3 + c] = col[c][r];
    rotationToQuaternion(rotation, info.quaternB, info.quaternC, info.quaternD);
    info.qoffset = {info.sformMatrix[3], info.sformMatrix[7], info.sformMatrix[11]};
    info.pixdim = {info.qfac, geometry.spacing[0], geometry.spacing[1], geometry.spacing[2], 0, 0, 0, 0};
    info.qformMatrix = quaternionToMatrix(info.quaternB, info.quaternC, info.quaternD, info.qoffset,
                                          geometry.spacing, info.qfac);
    info.xyztUnits = 2; // NIFTI_UNITS_MM
    return info;
}

} // namespace delineate::io::detail
