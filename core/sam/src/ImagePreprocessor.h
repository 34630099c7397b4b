#pragma once
// Builds the model input tensor from an already resized 8-bit image (internal; torch).
//   resized: inputHeight x inputWidth x channels uint8, row-major; channels 1 (grey, copied to
//            R, G, B), 3 (RGB) or 4 (RGBA, alpha ignored)
//   -> (1, 3, imageSize, imageSize) float32:
//   PreprocessKind::Sam          (u8 - [123.675, 116.28, 103.53]) / [58.395, 57.12, 57.375],
//                                then zero padding bottom/right (after normalising)
//   PreprocessKind::FinetuneSam  (u8 / 255 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]
//                                (input must already be imageSize x imageSize)
// All arithmetic in float32 in upstream's order.

#include "sam/SamConfig.h"

#include <torch/torch.h>

#include <cstdint>

namespace delineate::sam::detail {

class ImagePreprocessor {
public:
    static torch::Tensor modelInput(const std::uint8_t* resized, int height, int width, int channels,
                                    PreprocessKind kind, int imageSize = 1024);
};

} // namespace delineate::sam::detail
