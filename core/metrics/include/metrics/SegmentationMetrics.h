#pragma once
// Agreement between a predicted and a reference binary mask on the same grid.
//
// Dice (DSC) = 2|A∩B| / (|A|+|B|); 1 when both are empty.
// Normalised surface distance (NSD, Nikolov et al. 2021, "surface Dice" at tolerance τ): the fraction of
// the two boundaries that lies within τ mm of the other boundary,
//   NSD = (|{a ∈ ∂A : d(a, ∂B) ≤ τ}| + |{b ∈ ∂B : d(b, ∂A) ≤ τ}|) / (|∂A| + |∂B|),
// with boundary = mask voxels that have a face neighbour (4-neighbourhood in 2D, 6 in 3D) outside the
// mask or outside the grid, and distances between voxel centres in mm (physical spacing). 1 when both
// masks are empty, 0 when exactly one is. A 2D slice is a grid with size[2] == 1.

#include "metrics/BinaryMask.h"

#include <vector>

namespace delineate::metrics {

[[nodiscard]] double dice(const BinaryMask& prediction, const BinaryMask& reference);

[[nodiscard]] double normalizedSurfaceDistance(const BinaryMask& prediction, const BinaryMask& reference,
                                               double toleranceMm);

// Boundary voxels of a mask (1 = boundary), as defined above.
[[nodiscard]] std::vector<std::uint8_t> boundary(const BinaryMask& mask);

} // namespace delineate::metrics
