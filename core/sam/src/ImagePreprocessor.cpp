#include "ImagePreprocessor.h"

#include <stdexcept>

namespace delineate::sam::detail {

torch::Tensor ImagePreprocessor::modelInput(const std::uint8_t* resized, int height, int width, int channels,
                                            PreprocessKind kind, int imageSize)
{
    if (channels != 1 && channels != 3 && channels != 4)
        throw std::invalid_argument("image must have 1, 3 or 4 channels");
    if (height > imageSize || width > imageSize)
        throw std::invalid_argument("resized image larger than the model input");
    torch::Tensor image =
        torch::from_blob(const_cast<std::uint8_t*>(resized), {height, width, channels}, torch::kUInt8)
            .permute({2, 0, 1});
    if (channels == 1)
        image = image.expand({3, height, width});
    else if (channels == 4)
        image = image.slice(0, 0, 3);
    image = image.contiguous().unsqueeze(0);

    const auto floatOptions = torch::TensorOptions().dtype(torch::kFloat);
    torch::Tensor x;
    if (kind == PreprocessKind::Sam) {
        const torch::Tensor mean = torch::tensor({123.675, 116.28, 103.53}, floatOptions).view({1, 3, 1, 1});
        const torch::Tensor std = torch::tensor({58.395, 57.12, 57.375}, floatOptions).view({1, 3, 1, 1});
        x = (image.to(torch::kFloat) - mean) / std;
    } else {
        const torch::Tensor mean = torch::tensor({0.485, 0.456, 0.406}, floatOptions).view({1, 3, 1, 1});
        const torch::Tensor std = torch::tensor({0.229, 0.224, 0.225}, floatOptions).view({1, 3, 1, 1});
        x = (image.to(torch::kFloat).div(255) - mean) / std;
    }
    const int padH = imageSize - height;
    const int padW = imageSize - width;
    if (padH > 0 || padW > 0)
        x = torch::constant_pad_nd(x, {0, padW, 0, padH}, 0.0);
    return x.contiguous();
}

} // namespace delineate::sam::detail
