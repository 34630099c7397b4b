#include "DistanceTransform.h"

#include <limits>

namespace delineate::metrics {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// 1D squared distance transform of f (sampled every `step` mm) into d, using scratch buffers v and z.
void transform1d(const std::vector<double>& f, std::vector<double>& d, double step, std::vector<int>& v,
                 std::vector<double>& z)
{
    const int n = int(f.size());
    int k = -1;
    for (int q = 0; q < n; ++q) {
        if (f[q] == kInfinity)
            continue;
        const double pq = q * step;
        while (k >= 0) {
            const double pv = v[k] * step;
            const double s = ((f[q] + pq * pq) - (f[v[k]] + pv * pv)) / (2.0 * (pq - pv));
            if (s <= z[k])
                --k;
            else {
                ++k;
                v[k] = q;
                z[k] = s;
                z[k + 1] = kInfinity;
                break;
            }
        }
        if (k < 0) {
            k = 0;
            v[0] = q;
            z[0] = -kInfinity;
            z[1] = kInfinity;
        }
    }
    if (k < 0) {
        std::fill(d.begin(), d.end(), kInfinity);
        return;
    }
    int j = 0;
    for (int q = 0; q < n; ++q) {
        const double pq = q * step;
        while (z[j + 1] < pq)
            ++j;
        const double delta = pq - v[j] * step;
        d[q] = delta * delta + f[v[j]];
    }
}

} // namespace

std::vector<double> squaredDistanceToSites(const BinaryMask& sites)
{
    const std::int64_t total = sites.voxelCount();
    std::vector<double> distance(static_cast<std::size_t>(total));
    for (std::int64_t n = 0; n < total; ++n)
        distance[n] = sites.data[n] ? 0.0 : kInfinity;
    const std::array<std::int64_t, 3> stride{1, sites.size[0], sites.size[0] * sites.size[1]};
    for (int axis = 0; axis < 3; ++axis) {
        const std::int64_t n = sites.size[axis];
        if (n <= 1)
            continue;
        std::vector<double> f(n), d(n), z(n + 1);
        std::vector<int> v(n);
        // Iterate over every line along `axis`.
        const int a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
        for (std::int64_t u = 0; u < sites.size[a1]; ++u)
            for (std::int64_t w = 0; w < sites.size[a2]; ++w) {
                const std::int64_t start = u * stride[a1] + w * stride[a2];
                for (std::int64_t q = 0; q < n; ++q)
                    f[q] = distance[start + q * stride[axis]];
                transform1d(f, d, sites.spacing[axis], v, z);
                for (std::int64_t q = 0; q < n; ++q)
                    distance[start + q * stride[axis]] = d[q];
            }
    }
    return distance;
}

} // namespace delineate::metrics
