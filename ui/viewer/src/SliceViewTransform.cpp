#include "viewer/SliceViewTransform.h"

#include <algorithm>
#include <cmath>

namespace delineate::ui {
namespace {

// p[lpsAxis] = index axis: the permutation whose direction cosines weigh most on the diagonal, so each
// patient axis gets the index axis nearest to it even for oblique acquisitions. Ties keep index order.
std::array<int, 3> nearestAxisPermutation(const image::Mat3& direction)
{
    static constexpr std::array<std::array<int, 3>, 6> kPermutations{
        {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}};
    std::array<int, 3> best = kPermutations[0];
    double bestWeight = -1.0;
    for (const auto& p : kPermutations) {
        double weight = 0.0;
        for (int r = 0; r < 3; ++r)
            weight += std::abs(direction[r * 3 + p[r]]);
        if (weight > bestWeight + 1e-12) {
            bestWeight = weight;
            best = p;
        }
    }
    return best;
}

image::Vec3 scaled(const image::Vec3& v, double factor)
{
    return {v[0] * factor, v[1] * factor, v[2] * factor};
}

} // namespace

ViewPlane SliceViewTransform::planeAlong(const image::Geometry& geometry, image::SliceAxis axis)
{
    const std::array<int, 3> p = nearestAxisPermutation(geometry.direction);
    for (ViewPlane plane : {ViewPlane::Axial, ViewPlane::Coronal, ViewPlane::Sagittal})
        if (p[planeConvention(plane).normal.axis] == static_cast<int>(axis))
            return plane;
    return ViewPlane::Axial;
}

void SliceViewTransform::setGeometry(const image::Geometry& geometry, bool indexOrder)
{
    m_geometry = geometry;
    m_indexOrder = indexOrder;
    chooseAxes();
    m_slice = sliceCount() / 2;
    fit();
}

void SliceViewTransform::setPlane(ViewPlane plane)
{
    m_plane = plane;
    chooseAxes();
    m_slice = sliceCount() / 2;
    fit();
}

void SliceViewTransform::setViewportSize(double width, double height)
{
    m_viewportWidth = std::max(0.0, width);
    m_viewportHeight = std::max(0.0, height);
    if (m_fitted)
        fit();
}

void SliceViewTransform::chooseAxes()
{
    if (m_indexOrder) {
        m_normal = 2;
        m_right = 0;
        m_down = 1;
        m_flipRight = false;
        m_flipDown = false;
        return;
    }
    const auto& d = m_geometry.direction;
    const std::array<int, 3> p = nearestAxisPermutation(d);
    const PlaneConvention convention = planeConvention(m_plane);
    m_normal = p[convention.normal.axis];
    m_right = p[convention.screenRight.axis];
    m_down = p[convention.screenDown.axis];
    // Flip an index axis when it points against the conventional patient direction.
    m_flipRight = d[convention.screenRight.axis * 3 + m_right] * convention.screenRight.sign < 0.0;
    m_flipDown = d[convention.screenDown.axis * 3 + m_down] * convention.screenDown.sign < 0.0;
}

std::array<int, 2> SliceViewTransform::sliceAxes() const
{
    switch (normalAxis()) {
    case image::SliceAxis::K:
        return {0, 1};
    case image::SliceAxis::J:
        return {0, 2};
    case image::SliceAxis::I:
        return {1, 2};
    }
    return {0, 1};
}

bool SliceViewTransform::transposed() const
{
    return sliceAxes()[0] != m_right;
}

void SliceViewTransform::setSliceIndex(std::int64_t index)
{
    m_slice = std::clamp<std::int64_t>(index, 0, std::max<std::int64_t>(0, sliceCount() - 1));
}

double SliceViewTransform::fitScale() const
{
    const double width = double(m_geometry.size[m_right]) * m_geometry.spacing[m_right];
    const double height = double(m_geometry.size[m_down]) * m_geometry.spacing[m_down];
    if (m_viewportWidth <= 0.0 || m_viewportHeight <= 0.0 || width <= 0.0 || height <= 0.0)
        return 1.0 / std::min(m_geometry.spacing[m_right], m_geometry.spacing[m_down]);
    return std::min(m_viewportWidth / width, m_viewportHeight / height);
}

double SliceViewTransform::minimumScale() const
{
    return fitScale() / 20.0;
}

double SliceViewTransform::maximumScale() const
{
    // At least 64 screen pixels per voxel, whatever the viewport.
    const double voxel = std::min(m_geometry.spacing[m_right], m_geometry.spacing[m_down]);
    return std::max(fitScale() * 50.0, 64.0 / voxel);
}

void SliceViewTransform::centre()
{
    m_focusX = (double(m_geometry.size[m_right]) - 1.0) / 2.0 * m_geometry.spacing[m_right];
    m_focusY = (double(m_geometry.size[m_down]) - 1.0) / 2.0 * m_geometry.spacing[m_down];
}

void SliceViewTransform::fit()
{
    m_scale = fitScale();
    centre();
    m_fitted = true;
}

void SliceViewTransform::zoomAt(ScreenPoint anchor, double factor)
{
    if (!(factor > 0.0))
        return;
    const double mmX = m_focusX + (anchor.x - m_viewportWidth / 2.0) / m_scale;
    const double mmY = m_focusY + (anchor.y - m_viewportHeight / 2.0) / m_scale;
    m_scale = std::clamp(m_scale * factor, minimumScale(), maximumScale());
    m_focusX = mmX - (anchor.x - m_viewportWidth / 2.0) / m_scale;
    m_focusY = mmY - (anchor.y - m_viewportHeight / 2.0) / m_scale;
    m_fitted = false;
}

void SliceViewTransform::panBy(double dx, double dy)
{
    m_focusX -= dx / m_scale;
    m_focusY -= dy / m_scale;
    m_fitted = false;
}

double SliceViewTransform::toDisplay(int axis, bool flipped, double index) const
{
    const double oriented = flipped ? double(m_geometry.size[axis] - 1) - index : index;
    return oriented * m_geometry.spacing[axis];
}

double SliceViewTransform::fromDisplay(int axis, bool flipped, double millimetres) const
{
    const double oriented = millimetres / m_geometry.spacing[axis];
    return flipped ? double(m_geometry.size[axis] - 1) - oriented : oriented;
}

ScreenPoint SliceViewTransform::indexToScreen(const image::Vec3& index) const
{
    const double x = toDisplay(m_right, m_flipRight, index[m_right]);
    const double y = toDisplay(m_down, m_flipDown, index[m_down]);
    return {m_viewportWidth / 2.0 + m_scale * (x - m_focusX),
            m_viewportHeight / 2.0 + m_scale * (y - m_focusY)};
}

image::Vec3 SliceViewTransform::screenToIndex(ScreenPoint point) const
{
    image::Vec3 index{};
    index[m_right] =
        fromDisplay(m_right, m_flipRight, m_focusX + (point.x - m_viewportWidth / 2.0) / m_scale);
    index[m_down] = fromDisplay(m_down, m_flipDown, m_focusY + (point.y - m_viewportHeight / 2.0) / m_scale);
    index[m_normal] = double(m_slice);
    return index;
}

image::Vec3 SliceViewTransform::screenToPhysical(ScreenPoint point) const
{
    return m_geometry.indexToPhysical(screenToIndex(point));
}

std::optional<VoxelIndex> SliceViewTransform::voxelAt(ScreenPoint point) const
{
    const image::Vec3 index = screenToIndex(point);
    VoxelIndex voxel{};
    for (int a = 0; a < 3; ++a) {
        voxel[a] = static_cast<std::int64_t>(std::floor(index[a] + 0.5));
        if (voxel[a] < 0 || voxel[a] >= m_geometry.size[a])
            return std::nullopt;
    }
    return voxel;
}

ScreenPoint SliceViewTransform::slicePixelToScreen(double u, double v) const
{
    const auto [uAxis, vAxis] = sliceAxes();
    image::Vec3 index{};
    index[uAxis] = u;
    index[vAxis] = v;
    index[m_normal] = double(m_slice);
    return indexToScreen(index);
}

std::array<double, 2> SliceViewTransform::screenToSlicePixel(ScreenPoint point) const
{
    const auto [uAxis, vAxis] = sliceAxes();
    const image::Vec3 index = screenToIndex(point);
    return {index[uAxis], index[vAxis]};
}

Affine2D SliceViewTransform::sliceImageToScreen() const
{
    // Image coordinate q = pixel centre + 0.5, so image (0, 0) is slice pixel (-0.5, -0.5).
    const ScreenPoint origin = slicePixelToScreen(-0.5, -0.5);
    const ScreenPoint alongU = slicePixelToScreen(0.5, -0.5);
    const ScreenPoint alongV = slicePixelToScreen(-0.5, 0.5);
    Affine2D a;
    a.xx = alongU.x - origin.x;
    a.yx = alongU.y - origin.y;
    a.xy = alongV.x - origin.x;
    a.yy = alongV.y - origin.y;
    a.tx = origin.x;
    a.ty = origin.y;
    return a;
}

image::Vec3 SliceViewTransform::screenRightDirection() const
{
    return scaled(m_geometry.axis(m_right), m_flipRight ? -1.0 : 1.0);
}

image::Vec3 SliceViewTransform::screenDownDirection() const
{
    return scaled(m_geometry.axis(m_down), m_flipDown ? -1.0 : 1.0);
}

} // namespace delineate::ui
