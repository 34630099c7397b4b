#include "SamFixtures.h"

#include "ImagePreprocessor.h"

namespace samtest {

torch::Tensor storedModelInput(const std::string& image, delineate::sam::PreprocessKind kind)
{
    const bool sam = kind == delineate::sam::PreprocessKind::Sam;
    const torch::Tensor resized =
        ref("common", "a." + image + (sam ? ".sam_resized_u8" : ".ft_resized_u8")).contiguous();
    return delineate::sam::detail::ImagePreprocessor::modelInput(resized.data_ptr<std::uint8_t>(),
                                                                 static_cast<int>(resized.size(0)),
                                                                 static_cast<int>(resized.size(1)), 1, kind);
}

} // namespace samtest
