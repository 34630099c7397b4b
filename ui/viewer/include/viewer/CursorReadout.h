#pragma once
// What lies under the mouse in a slice view: the voxel, its patient position and its values.

#include "image/Geometry.h"
#include "image/LabelMap.h"
#include "viewer/SliceViewTransform.h"

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

#include <array>
#include <optional>

namespace delineate::ui {

struct CursorReadout {
    Q_DECLARE_TR_FUNCTIONS(CursorReadout)

public:
    bool inside = false;    // false: the cursor left the image; nothing below is meaningful
    VoxelIndex voxel{};     // i, j, k
    image::Vec3 position{}; // patient LPS mm (pixels when !physical)
    bool physical = true;
    bool temporal = false; // k is a frame number, not a slice
    int components = 1;
    std::array<float, 3> value{};
    std::optional<image::LabelMap::Value> label; // when a label map is shown

    // One line for a status bar, e.g. "Voxel (90, 108, 90)  LPS (-0.0, 18.0, 18.0) mm  Value 87  Label 3".
    [[nodiscard]] QString text() const;
};

} // namespace delineate::ui

Q_DECLARE_METATYPE(delineate::ui::CursorReadout)
