#pragma once
// Label colours (8-bit sRGB) as DICOM CIELab (Recommended Display CIELab Value: L, a, b scaled to 0..65535),
// through DCMTK's IODCIELabUtil (D65 white point).

#include "labels/LabelTable.h"

#include <array>
#include <cstdint>

namespace delineate::dicomseg::detail {

[[nodiscard]] std::array<std::uint16_t, 3> dicomLabFromRgb(const labels::Rgb& colour);
[[nodiscard]] labels::Rgb rgbFromDicomLab(const std::array<std::uint16_t, 3>& lab);

} // namespace delineate::dicomseg::detail
