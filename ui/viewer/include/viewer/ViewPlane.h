#pragma once
// The three anatomical viewing planes and the screen convention each one follows.
//
// Radiological convention, in patient LPS terms (+x Left, +y Posterior, +z Superior):
//   plane      normal   screen right   screen down
//   Axial      S        Left (L)       Posterior (P)    patient right on screen left, anterior up
//   Coronal    P        Left (L)       Inferior (-S)    patient right on screen left, superior up
//   Sagittal   L        Posterior (P)  Inferior (-S)    anterior on screen left, superior up
// Qt-free so the transform that uses it stays Qt-free.

#include <optional>
#include <string_view>

namespace delineate::ui {

enum class ViewPlane { Axial, Coronal, Sagittal };

// One LPS axis with a sign: axis 0 = x (L), 1 = y (P), 2 = z (S); sign +1 or -1.
struct SignedAxis {
    int axis = 0;
    int sign = 1;
};

struct PlaneConvention {
    SignedAxis normal;      // slices are stacked along this patient axis
    SignedAxis screenRight; // patient direction that points to the right of the screen
    SignedAxis screenDown;  // patient direction that points down the screen
};

[[nodiscard]] PlaneConvention planeConvention(ViewPlane plane);

// Untranslated ids: "axial", "coronal", "sagittal".
[[nodiscard]] const char* viewPlaneId(ViewPlane plane);
[[nodiscard]] std::optional<ViewPlane> viewPlaneFromId(std::string_view id);

} // namespace delineate::ui
