#pragma once
// Assembling a scanned series (or one multi-frame file) into a Volume with true geometry.
//
// Geometry (LPS, image/Geometry.h): slices sorted along the normal (ImagePositionPatient · normal);
// origin = IPP of the first sorted slice; direction columns = row cosine, column cosine, normal;
// spacing = (PixelSpacing[1], PixelSpacing[0], distance between slices). A gantry-tilted stack is moved
// slice by slice onto a widened orthogonal grid (detail/StackLayout.h); missing slices (gaps of whole
// spacings) stay empty on the regular grid. Irregular spacing, more missing slices than present, duplicate
// positions, tilts beyond 45° and mixed orientations fail with ErrorCode::InvalidGeometry.
// Values: float32 = stored value × RescaleSlope + RescaleIntercept (per frame); MONOCHROME1 inverted;
// RGB / YBR_* / PALETTE COLOR → 3-component RGB. Multi-frame files without per-frame positions (US/XA
// cine) load as FrameKind::Temporal with frameTimeMs; images without PixelSpacing get
// physicalSpacing = false and a note.

#include "base/Result.h"
#include "dicom/DicomScanner.h"
#include "image/Volume.h"

#include <string>

namespace delineate::dicom {

[[nodiscard]] Result<image::Volume> loadSeries(const SeriesInfo& series);

// One file on its own (all its frames), e.g. a multi-frame file or a single image. Non-image objects
// fail with ErrorCode::UnsupportedFormat ("not an image: no pixel data ...").
[[nodiscard]] Result<image::Volume> loadFile(const std::string& path);

} // namespace delineate::dicom
