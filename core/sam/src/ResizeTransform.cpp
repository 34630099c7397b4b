#include "sam/ResizeTransform.h"

#include "sam/PillowResize.h"

#include <algorithm>
#include <stdexcept>

namespace delineate::sam {

ResizeTransform::ResizeTransform(int originalHeight, int originalWidth, int inputHeight, int inputWidth)
    : m_originalHeight(originalHeight), m_originalWidth(originalWidth), m_inputHeight(inputHeight),
      m_inputWidth(inputWidth)
{
}

ResizeTransform ResizeTransform::longestSide(int originalHeight, int originalWidth, int target)
{
    const double scale =
        static_cast<double>(target) * 1.0 / static_cast<double>(std::max(originalHeight, originalWidth));
    // int(x + 0.5) exactly as segment-anything's ResizeLongestSide.get_preprocess_shape rounds (Python's
    // int truncates); std::lround differs where x + 0.5 rounds up in floating point, and the shape must be
    // the reference's.
    // NOLINTNEXTLINE(bugprone-incorrect-roundings)
    const auto newHeight = static_cast<int>(static_cast<double>(originalHeight) * scale + 0.5);
    // NOLINTNEXTLINE(bugprone-incorrect-roundings): the same reference rounding
    const auto newWidth = static_cast<int>(static_cast<double>(originalWidth) * scale + 0.5);
    return ResizeTransform(originalHeight, originalWidth, newHeight, newWidth);
}

ResizeTransform ResizeTransform::square(int originalHeight, int originalWidth, int target)
{
    return ResizeTransform(originalHeight, originalWidth, target, target);
}

std::array<double, 2> ResizeTransform::toInput(double x, double y) const
{
    return {x * (static_cast<double>(m_inputWidth) / static_cast<double>(m_originalWidth)),
            y * (static_cast<double>(m_inputHeight) / static_cast<double>(m_originalHeight))};
}

std::vector<std::uint8_t> ResizeTransform::resizeImage(const std::uint8_t* pixels, int channels) const
{
    std::vector<std::uint8_t> rgb;
    if (channels == 4) {
        const std::size_t count = static_cast<std::size_t>(m_originalWidth) * m_originalHeight;
        rgb.resize(count * 3);
        for (std::size_t i = 0; i < count; ++i)
            for (int c = 0; c < 3; ++c)
                rgb[i * 3 + c] = pixels[i * 4 + c];
        pixels = rgb.data();
        channels = 3;
    }
    std::vector<std::uint8_t> resized = pillowResizeBilinear(pixels, m_originalWidth, m_originalHeight,
                                                             channels, m_inputWidth, m_inputHeight);
    if (resized.empty())
        throw std::invalid_argument("image resize failed (channels must be 1, 3 or 4)");
    return resized;
}

} // namespace delineate::sam
