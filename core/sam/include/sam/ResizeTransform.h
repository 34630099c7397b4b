#pragma once
// Maps an image and its prompt coordinates from the original frame to the model input frame
// (segment-anything utils/transforms.py ResizeLongestSide, or finetune-SAM's square resize).
// Torch-free.
//
// Frames: original image pixels (x right, y down; pixel (i, j) has coordinates x = j, y = i)
// and model-input pixels of the resized image (inputWidth x inputHeight, before padding to
// 1024x1024). Coordinates scale by inputWidth / originalWidth and inputHeight / originalHeight.
//   longestSide: scale s = 1024 / max(h, w), input size (int(h*s + 0.5), int(w*s + 0.5)),
//                aspect ratio kept, the model input is zero-padded bottom/right.
//   square:      input size 1024 x 1024, aspect ratio not kept (finetune-SAM).

#include <array>
#include <cstdint>
#include <vector>

namespace delineate::sam {

class ResizeTransform {
public:
    static ResizeTransform longestSide(int originalHeight, int originalWidth, int target = 1024);
    static ResizeTransform square(int originalHeight, int originalWidth, int target = 1024);

    [[nodiscard]] int originalWidth() const { return m_originalWidth; }
    [[nodiscard]] int originalHeight() const { return m_originalHeight; }
    [[nodiscard]] int inputWidth() const { return m_inputWidth; }
    [[nodiscard]] int inputHeight() const { return m_inputHeight; }

    // (x, y) original pixels -> model-input pixels (float64, as upstream's numpy arithmetic).
    [[nodiscard]] std::array<double, 2> toInput(double x, double y) const;

    // H x W x channels uint8 (row-major, channels 1, 3 or 4) -> inputHeight x inputWidth x C with
    // Pillow's bilinear resampler (antialiased when shrinking), as torchvision resizes PIL images.
    // C = channels, except RGBA which loses its alpha (C = 3). Throws std::invalid_argument.
    [[nodiscard]] std::vector<std::uint8_t> resizeImage(const std::uint8_t* pixels, int channels) const;

private:
    ResizeTransform(int originalHeight, int originalWidth, int inputHeight, int inputWidth);

    int m_originalHeight;
    int m_originalWidth;
    int m_inputHeight;
    int m_inputWidth;
};

} // namespace delineate::sam
