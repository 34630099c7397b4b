#pragma once
// Writes a label map as NIfTI (.nii or .nii.gz) with exactly the transforms it is given: for a NIfTI
// source those are the source's own qform/sform codes, matrices, quaternion, pixdim and units, written
// in the source's NIfTI version, so that every reader (nibabel, ITK, FSL) sees identical affines.
// Internal to delineate_io.

#include "base/Result.h"
#include "image/LabelMap.h"
#include "io/StudyLoader.h"

#include <string>

namespace delineate::io::detail {

// Writes `labels` (uint8 when `eightBit`, else uint16) to `path` (compressed when it ends in .gz).
[[nodiscard]] Result<void> writeNiftiLabels(const image::LabelMap& labels, const NiftiHeaderInfo& transforms,
                                            bool eightBit, const std::string& path);

} // namespace delineate::io::detail
