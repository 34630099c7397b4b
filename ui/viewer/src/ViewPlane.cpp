#include "viewer/ViewPlane.h"

namespace delineate::ui {

PlaneConvention planeConvention(ViewPlane plane)
{
    switch (plane) {
    case ViewPlane::Axial:
        return {{2, 1}, {0, 1}, {1, 1}};
    case ViewPlane::Coronal:
        return {{1, 1}, {0, 1}, {2, -1}};
    case ViewPlane::Sagittal:
        return {{0, 1}, {1, 1}, {2, -1}};
    }
    return {{2, 1}, {0, 1}, {1, 1}};
}

const char* viewPlaneId(ViewPlane plane)
{
    switch (plane) {
    case ViewPlane::Axial:
        return "axial";
    case ViewPlane::Coronal:
        return "coronal";
    case ViewPlane::Sagittal:
        return "sagittal";
    }
    return "axial";
}

std::optional<ViewPlane> viewPlaneFromId(std::string_view id)
{
    for (ViewPlane plane : {ViewPlane::Axial, ViewPlane::Coronal, ViewPlane::Sagittal})
        if (id == viewPlaneId(plane))
            return plane;
    return std::nullopt;
}

} // namespace delineate::ui
