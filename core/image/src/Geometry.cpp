#include "image/Geometry.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace delineate::image {

double norm(const Vec3& a)
{
    return std::sqrt(dot(a, a));
}

std::int64_t Geometry::voxelCount() const
{
    std::int64_t count = 1;
    for (std::int64_t n : size) {
        if (n <= 0 || count > std::numeric_limits<std::int64_t>::max() / n)
            return -1;
        count *= n;
    }
    return count;
}

Vec3 Geometry::indexToPhysical(const Vec3& index) const
{
    Vec3 p = origin;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            p[r] += direction[r * 3 + c] * spacing[c] * index[c];
    return p;
}

Vec3 Geometry::physicalToIndex(const Vec3& point) const
{
    Mat3 inverse{};
    if (!invert3(direction, inverse))
        return {0, 0, 0};
    Vec3 d{point[0] - origin[0], point[1] - origin[1], point[2] - origin[2]};
    Vec3 index{};
    for (int r = 0; r < 3; ++r) {
        double v = 0;
        for (int c = 0; c < 3; ++c)
            v += inverse[r * 3 + c] * d[c];
        index[r] = v / spacing[r];
    }
    return index;
}

bool Geometry::sameGrid(const Geometry& other, double toleranceMm) const
{
    if (size != other.size)
        return false;
    for (int i = 0; i < 3; ++i) {
        if (std::abs(spacing[i] - other.spacing[i]) > toleranceMm)
            return false;
        if (std::abs(origin[i] - other.origin[i]) > toleranceMm)
            return false;
    }
    for (int i = 0; i < 9; ++i)
        if (std::abs(direction[i] - other.direction[i]) > 1e-4)
            return false;
    return true;
}

std::array<double, 16> Geometry::rasAffine() const
{
    std::array<double, 16> a{};
    for (int r = 0; r < 3; ++r) {
        const double sign = r < 2 ? -1.0 : 1.0; // LPS → RAS flips x and y
        for (int c = 0; c < 3; ++c)
            a[r * 4 + c] = sign * direction[r * 3 + c] * spacing[c];
        a[r * 4 + 3] = sign * origin[r];
    }
    a[15] = 1.0;
    return a;
}

std::string Geometry::orientationCode() const
{
    std::string code;
    for (int c = 0; c < 3; ++c) {
        const Vec3 v = axis(c);
        int best = 0;
        for (int r = 1; r < 3; ++r)
            if (std::abs(v[r]) > std::abs(v[best]))
                best = r;
        static const char positive[] = {'L', 'P', 'S'};
        static const char negative[] = {'R', 'A', 'I'};
        code += v[best] >= 0 ? positive[best] : negative[best];
    }
    return code;
}

std::string Geometry::describe() const
{
    char buffer[512];
    std::snprintf(
        buffer, sizeof buffer,
        "%lld x %lld x %lld voxels, spacing %.4g x %.4g x %.4g %s, origin (%.3f, %.3f, %.3f) LPS, %s",
        static_cast<long long>(size[0]), static_cast<long long>(size[1]), static_cast<long long>(size[2]),
        spacing[0], spacing[1], spacing[2], physicalSpacing ? "mm" : "px (no physical spacing)", origin[0],
        origin[1], origin[2], orientationCode().c_str());
    return buffer;
}

bool invert3(const Mat3& m, Mat3& inverse)
{
    const double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
                       m[2] * (m[3] * m[7] - m[4] * m[6]);
    if (std::abs(det) < 1e-12)
        return false;
    const double inv = 1.0 / det;
    inverse = {(m[4] * m[8] - m[5] * m[7]) * inv, (m[2] * m[7] - m[1] * m[8]) * inv,
               (m[1] * m[5] - m[2] * m[4]) * inv, (m[5] * m[6] - m[3] * m[8]) * inv,
               (m[0] * m[8] - m[2] * m[6]) * inv, (m[2] * m[3] - m[0] * m[5]) * inv,
               (m[3] * m[7] - m[4] * m[6]) * inv, (m[1] * m[6] - m[0] * m[7]) * inv,
               (m[0] * m[4] - m[1] * m[3]) * inv};
    return true;
}

} // namespace delineate::image
