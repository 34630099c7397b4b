#pragma once
// Exact Euclidean distance transform on an anisotropic grid (Felzenszwalb & Huttenlocher's separable
// lower-envelope algorithm, one pass per axis).

#include "metrics/BinaryMask.h"

#include <vector>

namespace delineate::metrics {

// Squared distance in mm² from every voxel to the nearest voxel where `sites` is non-zero. Voxels with no
// site at all in the grid get +infinity.
[[nodiscard]] std::vector<double> squaredDistanceToSites(const BinaryMask& sites);

} // namespace delineate::metrics
