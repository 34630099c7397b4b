#pragma once
// Per-frame geometry of one image file: classic attributes (ImagePositionPatient, ImageOrientationPatient,
// PixelSpacing, RescaleSlope/Intercept), Enhanced MR/CT functional groups (shared and per-frame
// PlanePositionSequence, PlaneOrientationSequence, PixelMeasuresSequence, PixelValueTransformationSequence),
// RT Dose GridFrameOffsetVector, and NM/PT multi-frame volumes with SpacingBetweenSlices.
// Multi-frame files without per-frame positions (cine) get frames without a position.

#include "base/Result.h"

class DcmDataset;

namespace delineate::dicom::detail {

struct ImageHeader;

// Fills header.frameGeometry (one entry per frame), enhanced, spacingBetweenSlices and notes.
[[nodiscard]] Result<void> readFrameGeometry(DcmDataset& dataset, ImageHeader& header);

} // namespace delineate::dicom::detail
