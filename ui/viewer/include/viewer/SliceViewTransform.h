#pragma once
// The one mapping between widget pixels and voxel indices of a slice view. Qt-free.
//
// Frames (all continuous, doubles):
//  - voxel index (i, j, k): voxel centres at integers, as in image::Geometry.
//  - slice pixel (u, v): the index-order slice of image::extractSlice (Slice.h), centres at integers;
//    u, v are the two in-plane index axes in index order (K: i, j; J: i, k; I: j, k).
//  - slice image (qu, qv): QImage coordinates of that slice, pixel (u, v) covers [u, u+1) × [v, v+1),
//    so qu = u + 0.5.
//  - display (mm): the slice re-oriented by ViewPlane's convention (index axes permuted and flipped,
//    never resampled) and scaled by the voxel spacing, so the aspect ratio is physical.
//  - screen (x, y): widget pixels; pixel (c, r) covers [c, c+1) × [r, r+1), its centre is (c+.5, r+.5).
//
// For an oblique acquisition each screen axis follows the index axis nearest to the conventional patient
// axis (the permutation maximising |direction| on the diagonal), so each screen point maps to exactly one
// voxel and every mapping here inverts exactly.

#include "image/Geometry.h"
#include "image/Slice.h"
#include "viewer/ViewPlane.h"

#include <array>
#include <cstdint>
#include <optional>

namespace delineate::ui {

struct ScreenPoint {
    double x = 0.0;
    double y = 0.0;
};

// x' = xx*x + xy*y + tx;  y' = yx*x + yy*y + ty
struct Affine2D {
    double xx = 1.0, xy = 0.0, yx = 0.0, yy = 1.0, tx = 0.0, ty = 0.0;
    [[nodiscard]] ScreenPoint apply(double x, double y) const
    {
        return {xx * x + xy * y + tx, yx * x + yy * y + ty};
    }
};

using VoxelIndex = std::array<std::int64_t, 3>;

class SliceViewTransform {
public:
    // The plane whose slices are stacked along index axis `axis` of `geometry` (e.g. the plane to show a
    // single-slice image in).
    [[nodiscard]] static ViewPlane planeAlong(const image::Geometry& geometry, image::SliceAxis axis);

    // Sets the grid, picks the axes for the current plane, goes to the middle slice and fits the view.
    // indexOrder: ignore the direction matrix and show the K plane with i right and j down (cine loops,
    // photographs, images without physical geometry).
    void setGeometry(const image::Geometry& geometry, bool indexOrder = false);
    void setPlane(ViewPlane plane); // middle slice, fitted view
    // Keeps scale and focus; refits when the view is still in its fitted state.
    void setViewportSize(double width, double height);

    [[nodiscard]] const image::Geometry& geometry() const { return m_geometry; }
    [[nodiscard]] ViewPlane plane() const { return m_plane; }
    [[nodiscard]] bool indexOrder() const { return m_indexOrder; }
    [[nodiscard]] double viewportWidth() const { return m_viewportWidth; }
    [[nodiscard]] double viewportHeight() const { return m_viewportHeight; }

    // Index axes (0 = i, 1 = j, 2 = k) shown along the slice normal, screen right and screen down.
    [[nodiscard]] image::SliceAxis normalAxis() const { return static_cast<image::SliceAxis>(m_normal); }
    [[nodiscard]] int rightAxis() const { return m_right; }
    [[nodiscard]] int downAxis() const { return m_down; }
    [[nodiscard]] bool rightFlipped() const { return m_flipRight; }
    [[nodiscard]] bool downFlipped() const { return m_flipDown; }
    // True when screen x follows the slice image's v axis (the image is drawn transposed).
    [[nodiscard]] bool transposed() const;

    [[nodiscard]] std::int64_t sliceCount() const { return m_geometry.size[m_normal]; }
    [[nodiscard]] std::int64_t sliceIndex() const { return m_slice; }
    void setSliceIndex(std::int64_t index); // clamped to [0, sliceCount)

    // Zoom: screen pixels per display millimetre.
    [[nodiscard]] double scale() const { return m_scale; }
    [[nodiscard]] double fitScale() const;
    [[nodiscard]] double minimumScale() const;
    [[nodiscard]] double maximumScale() const;
    [[nodiscard]] bool isFitted() const { return m_fitted; }
    void fit();                                     // whole slice visible and centred
    void zoomAt(ScreenPoint anchor, double factor); // the point under `anchor` stays put (clamped zoom)
    void panBy(double dx, double dy);               // screen pixels

    [[nodiscard]] ScreenPoint indexToScreen(const image::Vec3& index) const; // ignores the normal component
    [[nodiscard]] image::Vec3 screenToIndex(ScreenPoint point) const;    // normal component = sliceIndex()
    [[nodiscard]] image::Vec3 screenToPhysical(ScreenPoint point) const; // LPS mm
    // The voxel whose footprint contains `point`, or nothing outside the grid.
    [[nodiscard]] std::optional<VoxelIndex> voxelAt(ScreenPoint point) const;

    [[nodiscard]] ScreenPoint slicePixelToScreen(double u, double v) const;
    [[nodiscard]] std::array<double, 2> screenToSlicePixel(ScreenPoint point) const;
    // Slice image (QImage) coordinates → screen; what a renderer sets as its painter transform.
    [[nodiscard]] Affine2D sliceImageToScreen() const;

    // LPS unit vectors pointing to screen right and screen down (axis directions with flips applied).
    [[nodiscard]] image::Vec3 screenRightDirection() const;
    [[nodiscard]] image::Vec3 screenDownDirection() const;

private:
    void chooseAxes();
    [[nodiscard]] double toDisplay(int axis, bool flipped, double index) const;
    [[nodiscard]] double fromDisplay(int axis, bool flipped, double millimetres) const;
    [[nodiscard]] std::array<int, 2> sliceAxes() const; // index axes of slice pixel u and v
    void centre();

    image::Geometry m_geometry;
    ViewPlane m_plane = ViewPlane::Axial;
    bool m_indexOrder = false;
    int m_normal = 2;
    int m_right = 0;
    int m_down = 1;
    bool m_flipRight = false;
    bool m_flipDown = false;
    std::int64_t m_slice = 0;
    double m_viewportWidth = 0.0;
    double m_viewportHeight = 0.0;
    double m_scale = 1.0;
    double m_focusX = 0.0; // display mm shown at the viewport centre
    double m_focusY = 0.0;
    bool m_fitted = true;
};

} // namespace delineate::ui
