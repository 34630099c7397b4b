#include "detail/SegmentColour.h"

#include <dcmtk/dcmiod/cielabutil.h>

#include <algorithm>
#include <cmath>

namespace delineate::dicomseg::detail {

namespace {

std::uint16_t toUnsigned16(double value)
{
    return static_cast<std::uint16_t>(std::clamp(std::round(value), 0.0, 65535.0));
}

std::uint8_t toByte(double unit)
{
    return static_cast<std::uint8_t>(std::clamp(std::round(unit * 255.0), 0.0, 255.0));
}

} // namespace

std::array<std::uint16_t, 3> dicomLabFromRgb(const labels::Rgb& colour)
{
    double l = 0, a = 0, b = 0;
    IODCIELabUtil::rgb2DicomLab(l, a, b, colour.red / 255.0, colour.green / 255.0, colour.blue / 255.0);
    return {toUnsigned16(l), toUnsigned16(a), toUnsigned16(b)};
}

labels::Rgb rgbFromDicomLab(const std::array<std::uint16_t, 3>& lab)
{
    double r = 0, g = 0, b = 0;
    IODCIELabUtil::dicomLab2RGB(r, g, b, lab[0], lab[1], lab[2]);
    return {toByte(r), toByte(g), toByte(b)};
}

} // namespace delineate::dicomseg::detail
