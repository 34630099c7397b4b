// Tests of the Pillow-exact resize (core/sam/PillowResize): the uint8 images of the SAM and
// finetune-SAM pipelines stored in the fixtures must be reproduced with 0 differing pixels.

#include "sam/PillowResize.h"
#include "support/MiniTest.h"
#include "tensorio/TorchCheckpointReader.h"

#include <ATen/ATen.h>

#include <cstring>
#include <filesystem>
#include <map>

using delineate::sam::pillowResizeBilinear;
using delineate::sam::pillowResizeNearest;

namespace {

using Image = std::vector<std::uint8_t>;

std::map<std::string, at::Tensor> loadGroup(const std::string& name)
{
    const std::string path = delineate::test::samFixture(name + ".pt");
    MINITEST_REQUIRE_FILE(path);
    auto loaded = delineate::tensorio::loadTorchCheckpoint(path);
    MINITEST_REQUIRE(loaded.ok());
    std::map<std::string, at::Tensor> tensors;
    for (auto& [key, tensor] : loaded.value())
        tensors.emplace(key, tensor);
    return tensors;
}

Image pixels(const at::Tensor& tensor)
{
    MINITEST_REQUIRE(tensor.scalar_type() == at::kByte && tensor.is_contiguous());
    const auto* data = tensor.data_ptr<std::uint8_t>();
    return Image(data, data + tensor.numel());
}

Image toRgb(const Image& gray)
{
    Image rgb(gray.size() * 3);
    for (std::size_t i = 0; i < gray.size(); ++i)
        rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = gray[i];
    return rgb;
}

// Number of pixels (of any channel) that differ from the single-channel reference.
std::size_t countDifferences(const Image& result, const Image& reference, int channels)
{
    if (result.size() != reference.size() * static_cast<std::size_t>(channels))
        return reference.size() + 1;
    std::size_t differing = 0;
    for (std::size_t i = 0; i < reference.size(); ++i) {
        for (int c = 0; c < channels; ++c)
            differing +=
                result[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] != reference[i];
    }
    return differing;
}

void checkBilinear(const std::string& source, const std::string& target)
{
    const auto common = loadGroup("common");
    const at::Tensor in = common.at(source);
    const at::Tensor out = common.at(target);
    const int srcHeight = static_cast<int>(in.size(0));
    const int srcWidth = static_cast<int>(in.size(1));
    const int dstHeight = static_cast<int>(out.size(0));
    const int dstWidth = static_cast<int>(out.size(1));
    const Image gray = pixels(in);
    const Image reference = pixels(out);

    const Image single = pillowResizeBilinear(gray.data(), srcWidth, srcHeight, 1, dstWidth, dstHeight);
    const std::size_t grayDiff = countDifferences(single, reference, 1);
    const Image rgb = toRgb(gray);
    const Image color = pillowResizeBilinear(rgb.data(), srcWidth, srcHeight, 3, dstWidth, dstHeight);
    const std::size_t rgbDiff = countDifferences(color, reference, 3);
    std::printf("    %s %dx%d -> %dx%d: %zu (L) / %zu (RGB) differing of %zu\n", target.c_str(), srcWidth,
                srcHeight, dstWidth, dstHeight, grayDiff, rgbDiff, reference.size());
    MINITEST_CHECK_MSG(grayDiff == 0, target);
    MINITEST_CHECK_MSG(rgbDiff == 0, target);
}

} // namespace

MINITEST_CASE(samPathUpscalesImageA)
{
    checkBilinear("a.A.image_u8", "a.A.sam_resized_u8");
}

MINITEST_CASE(finetunePathStretchesImageA)
{
    checkBilinear("a.A.image_u8", "a.A.ft_resized_u8");
}

MINITEST_CASE(samPathDownscalesImageBWithAntialias)
{
    checkBilinear("a.B.image_u8", "a.B.sam_resized_u8");
}

MINITEST_CASE(finetunePathResizesImageB)
{
    checkBilinear("a.B.image_u8", "a.B.ft_resized_u8");
}

MINITEST_CASE(nearestMatchesNotebookLabelResize)
{
    for (const char* group : {"ft_vit_t_adapter", "ft_vit_mini_lora"}) {
        const auto tensors = loadGroup(group);
        const at::Tensor label256 = tensors.at("c.auto.label_256");
        const at::Tensor labelOriginal = tensors.at("c.auto.label_orig");
        const Image source = pixels(label256);
        const Image reference = pixels(labelOriginal);
        const int width = static_cast<int>(labelOriginal.size(1));
        const int height = static_cast<int>(labelOriginal.size(0));
        const Image result = pillowResizeNearest(source.data(), 256, 256, 1, width, height);
        const std::size_t differing = countDifferences(result, reference, 1);
        std::printf("    %s label 256x256 -> %dx%d: %zu differing\n", group, width, height, differing);
        MINITEST_CHECK(differing == 0);
    }
}

MINITEST_CASE(nearestPicksPillowSourceIndices)
{
    // 4 -> 3 columns: positions 0.667, 2.0, 3.333 -> source columns 0, 2, 3.
    const Image row{10, 20, 30, 40};
    const Image out = pillowResizeNearest(row.data(), 4, 1, 1, 3, 1);
    MINITEST_CHECK((out == Image{10, 30, 40}));
    // Upscale 2 -> 5: positions 0.2, 0.6, 1.0, 1.4, 1.8.
    const Image two{1, 2};
    MINITEST_CHECK((pillowResizeNearest(two.data(), 2, 1, 1, 5, 1) == Image{1, 1, 2, 2, 2}));
}

MINITEST_CASE(edgeCases)
{
    const Image rgb{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; // 2x2 RGB
    MINITEST_CHECK(pillowResizeBilinear(rgb.data(), 2, 2, 3, 2, 2) == rgb);
    MINITEST_CHECK(pillowResizeNearest(rgb.data(), 2, 2, 3, 2, 2) == rgb);
    MINITEST_CHECK(pillowResizeBilinear(nullptr, 2, 2, 3, 4, 4).empty());
    MINITEST_CHECK(pillowResizeBilinear(rgb.data(), 2, 2, 4, 4, 4).empty());
    MINITEST_CHECK(pillowResizeBilinear(rgb.data(), 2, 2, 3, 0, 4).empty());
    MINITEST_CHECK(pillowResizeNearest(rgb.data(), -1, 2, 3, 4, 4).empty());
    // A constant image stays constant at any scale, in either pass order.
    const Image flat(37 * 23, 201);
    for (const auto& [w, h] :
         std::vector<std::pair<int, int>>{{37, 5}, {5, 23}, {100, 90}, {1, 1}, {3, 200}}) {
        const Image out = pillowResizeBilinear(flat.data(), 37, 23, 1, w, h);
        MINITEST_CHECK_MSG(out == Image(static_cast<std::size_t>(w * h), 201), w << "x" << h);
    }
    // A single pixel upscaled is the same value everywhere.
    const Image one{77};
    MINITEST_CHECK(pillowResizeBilinear(one.data(), 1, 1, 1, 3, 2) == Image(6, 77));
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
