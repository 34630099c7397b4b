#include "labels/DefaultPalette.h"

#include <array>
#include <cmath>

namespace delineate::labels {

namespace {

constexpr std::array<Rgb, 20> kDistinct = {{
    {230, 25, 75},   {60, 180, 75},   {255, 225, 25},  {0, 130, 200},   {245, 130, 48},
    {145, 30, 180},  {70, 240, 240},  {240, 50, 230},  {210, 245, 60},  {250, 190, 212},
    {0, 128, 128},   {220, 190, 255}, {170, 110, 40},  {255, 250, 200}, {128, 0, 0},
    {170, 255, 195}, {128, 128, 0},   {255, 215, 180}, {0, 0, 128},     {128, 128, 128},
}};

Rgb fromHsv(double hue, double saturation, double value)
{
    const double c = value * saturation;
    const double h = std::fmod(hue, 360.0) / 60.0;
    const double x = c * (1.0 - std::abs(std::fmod(h, 2.0) - 1.0));
    double r = 0, g = 0, b = 0;
    switch (static_cast<int>(h)) {
    case 0:
        r = c;
        g = x;
        break;
    case 1:
        r = x;
        g = c;
        break;
    case 2:
        g = c;
        b = x;
        break;
    case 3:
        g = x;
        b = c;
        break;
    case 4:
        r = x;
        b = c;
        break;
    default:
        r = c;
        b = x;
        break;
    }
    const double m = value - c;
    auto channel = [m](double v) { return static_cast<std::uint8_t>(std::lround((v + m) * 255.0)); };
    return {channel(r), channel(g), channel(b)};
}

} // namespace

Rgb defaultColour(std::uint16_t value)
{
    if (value == 0)
        return {0, 0, 0};
    if (value <= kDistinct.size())
        return kDistinct[value - 1];
    const double goldenAngle = 137.50776405;
    const double saturation = (value % 3 == 0) ? 0.55 : 0.8;
    const double brightness = (value % 2 == 0) ? 0.85 : 0.95;
    return fromHsv(value * goldenAngle, saturation, brightness);
}

} // namespace delineate::labels
