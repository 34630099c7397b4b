#include "SliceRaster.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace delineate::ui {

QImage SliceRaster::intensityImage(const image::Image2D<float>& slice, const image::Window& window)
{
    if (slice.width <= 0 || slice.height <= 0)
        return {};
    const bool rgb = slice.components == 3;
    const std::vector<std::uint8_t> bytes =
        rgb ? image::toRgb8(slice, window) : image::toGray8(slice, window);
    QImage result(slice.width, slice.height, rgb ? QImage::Format_RGB888 : QImage::Format_Grayscale8);
    if (result.isNull())
        return {};
    const std::size_t rowBytes = static_cast<std::size_t>(slice.width) * (rgb ? 3 : 1);
    for (int y = 0; y < slice.height; ++y)
        std::memcpy(result.scanLine(y), bytes.data() + y * rowBytes, rowBytes);
    return result;
}

QImage SliceRaster::labelFillImage(const image::Image2D<image::LabelMap::Value>& labels,
                                   const LabelPalette& palette, double opacity)
{
    if (labels.width <= 0 || labels.height <= 0)
        return {};
    QImage result(labels.width, labels.height, QImage::Format_ARGB32_Premultiplied);
    if (result.isNull())
        return {};
    result.fill(Qt::transparent);
    const int alpha = std::clamp(static_cast<int>(std::lround(opacity * 255.0)), 0, 255);
    if (alpha == 0)
        return result;
    // Few distinct values per slice: look each colour up once.
    QHash<image::LabelMap::Value, QRgb> cache;
    auto premultiplied = [&](image::LabelMap::Value value) {
        auto it = cache.constFind(value);
        if (it != cache.constEnd())
            return *it;
        QRgb rgba = 0;
        if (palette.isVisible(value)) {
            const QColor c = palette.color(value);
            rgba = qPremultiply(qRgba(c.red(), c.green(), c.blue(), alpha * c.alpha() / 255));
        }
        cache.insert(value, rgba);
        return rgba;
    };
    for (int y = 0; y < labels.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(result.scanLine(y));
        const image::LabelMap::Value* row = labels.pixels.data() + static_cast<std::size_t>(y) * labels.width;
        for (int x = 0; x < labels.width; ++x)
            if (row[x] != 0)
                line[x] = premultiplied(row[x]);
    }
    return result;
}

} // namespace delineate::ui
