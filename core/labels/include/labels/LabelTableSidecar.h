#pragma once
// The colour table beside a label map, found by its base name when the label map is opened. For
// "…/aal.nii.gz" the candidates are, in this order:
//
//   aal.json                     our own table (labelTablePathFor): names, colours, states
//   aal.ctbl                     3D Slicer colour table
//   aal.nii.txt, aal.txt         MRIcron names, FreeSurfer LUT or ITK-SNAP label descriptions (by content)
//   aal.label                    ITK-SNAP label descriptions
//   aal.nii.lut, aal.lut         MRIcron binary LUT: colours for the names above
//
// The first names file found gives the table; a LUT beside it recolours its labels. Our own .json wins
// over everything else (it is what Delineate writes).

#include "base/Result.h"
#include "labels/LabelTable.h"

#include <optional>
#include <string>
#include <vector>

namespace delineate::labels {

// Candidate paths for `labelMapPath` in the order above (they need not exist).
[[nodiscard]] std::vector<std::string> labelTableSidecarCandidates(const std::string& labelMapPath);

// The table from the sidecars that exist; nullopt when there are none. An error names the sidecar
// that could not be read or parsed.
[[nodiscard]] Result<std::optional<LabelTable>> readLabelTableSidecar(const std::string& labelMapPath);

} // namespace delineate::labels
