#pragma once
// Turns index-order slices (image::extractSlice) into QImages the view draws through
// SliceViewTransform::sliceImageToScreen(). Image pixel (u, v) = slice pixel (u, v): no re-orientation
// here, the painter transform does it, so there is exactly one place that knows the display orientation.

#include "image/Intensity.h"
#include "image/LabelMap.h"
#include "image/Slice.h"
#include "viewer/LabelPalette.h"

#include <QImage>

namespace delineate::ui {

class SliceRaster {
public:
    // Grayscale8 for one component, RGB888 for three; windowed to 0..255.
    [[nodiscard]] static QImage intensityImage(const image::Image2D<float>& slice,
                                               const image::Window& window);
    // ARGB32_Premultiplied: label colour at `opacity` where the label is non-zero and visible, transparent
    // elsewhere.
    [[nodiscard]] static QImage labelFillImage(const image::Image2D<image::LabelMap::Value>& labels,
                                               const LabelPalette& palette, double opacity);
};

} // namespace delineate::ui
