// Preprocessing against the fixtures: input sizes, coordinate transforms, model input crops
// (SAM: normalise then pad; finetune-SAM: /255 then ImageNet mean/std), and, when the Pillow
// resampler is built, the resize itself (exact).

#include "SamFixtures.h"
#include "sam/MaskResize.h"
#include "sam/ResizeTransform.h"

using namespace delineate::sam;

MINITEST_CASE(resize_longest_side_sizes)
{
    const ResizeTransform a = ResizeTransform::longestSide(110, 150);
    MINITEST_CHECK(a.inputHeight() == 751 && a.inputWidth() == 1024);
    const ResizeTransform b = ResizeTransform::longestSide(1150, 700);
    MINITEST_CHECK(b.inputHeight() == 1024 && b.inputWidth() == 623);
    const ResizeTransform square = ResizeTransform::square(110, 150);
    MINITEST_CHECK(square.inputHeight() == 1024 && square.inputWidth() == 1024);
}

MINITEST_CASE(input_size_and_coordinates_match_fixtures)
{
    samtest::requireFixtures();
    for (const char* group : {"vit_t", "vit_mini"}) {
        const torch::Tensor original = samtest::ref(group, "a.original_size");
        const torch::Tensor input = samtest::ref(group, "a.input_size");
        const ResizeTransform t =
            ResizeTransform::longestSide(static_cast<int>(original[0].item<std::int64_t>()),
                                         static_cast<int>(original[1].item<std::int64_t>()));
        MINITEST_CHECK(t.inputHeight() == input[0].item<std::int64_t>());
        MINITEST_CHECK(t.inputWidth() == input[1].item<std::int64_t>());
        for (const char* c : {"point1", "point2", "box_point", "mask_point"}) {
            const std::string base = std::string("d.") + c + ".in.";
            const torch::Tensor coords = samtest::ref(group, base + "point_coords");
            const torch::Tensor expected = samtest::ref(group, base + "point_coords_transformed");
            for (std::int64_t i = 0; i < coords.size(0); ++i) {
                const auto xy = t.toInput(coords[i][0].item<double>(), coords[i][1].item<double>());
                MINITEST_CHECK(xy[0] == expected[i][0].item<double>() &&
                               xy[1] == expected[i][1].item<double>());
            }
        }
        const torch::Tensor box = samtest::ref(group, "d.box.in.box");
        const torch::Tensor boxT = samtest::ref(group, "d.box.in.box_transformed");
        const auto p0 = t.toInput(box[0].item<double>(), box[1].item<double>());
        const auto p1 = t.toInput(box[2].item<double>(), box[3].item<double>());
        MINITEST_CHECK(p0[0] == boxT[0][0].item<double>() && p0[1] == boxT[0][1].item<double>());
        MINITEST_CHECK(p1[0] == boxT[0][2].item<double>() && p1[1] == boxT[0][3].item<double>());
    }
}

MINITEST_CASE(sam_model_input_crops)
{
    samtest::requireFixtures();
    const torch::Tensor x = samtest::storedModelInput("A", PreprocessKind::Sam);
    MINITEST_CHECK(x.size(2) == 1024 && x.size(3) == 1024);
    for (const char* group : {"vit_t", "vit_mini"}) {
        SAM_CHECK_CLOSE(group, "a.input.crop_tl", x.slice(2, 0, 16).slice(3, 0, 16));
        SAM_CHECK_CLOSE(group, "a.input.crop_pad_boundary", x.slice(2, 744, 760).slice(3, 0, 32));
    }
    const torch::Tensor xb = samtest::storedModelInput("B", PreprocessKind::Sam);
    SAM_CHECK_CLOSE("common", "a.B.sam_input.crop_pad_boundary", xb.slice(2, 0, 16).slice(3, 616, 632));
}

MINITEST_CASE(finetune_model_input_crops)
{
    samtest::requireFixtures();
    const torch::Tensor x = samtest::storedModelInput("A", PreprocessKind::FinetuneSam);
    for (const char* group : {"ft_vit_t_adapter", "ft_vit_mini_lora"})
        SAM_CHECK_CLOSE(group, "a.input.crop_tl", x.slice(2, 0, 16).slice(3, 0, 16));
    const torch::Tensor xb = samtest::storedModelInput("B", PreprocessKind::FinetuneSam);
    SAM_CHECK_CLOSE("common", "a.B.ft_input.crop_tl", xb.slice(2, 0, 16).slice(3, 0, 16));
}

MINITEST_CASE(pillow_resize_matches_fixtures)
{
    samtest::requireFixtures();
    for (const char* image : {"A", "B"}) {
        const torch::Tensor original =
            samtest::ref("common", std::string("a.") + image + ".image_u8").contiguous();
        const int h = static_cast<int>(original.size(0));
        const int w = static_cast<int>(original.size(1));
        const auto sam = ResizeTransform::longestSide(h, w).resizeImage(original.data_ptr<std::uint8_t>(), 1);
        const torch::Tensor expectedSam =
            samtest::ref("common", std::string("a.") + image + ".sam_resized_u8");
        MINITEST_CHECK(torch::equal(
            torch::from_blob(const_cast<std::uint8_t*>(sam.data()), expectedSam.sizes(), torch::kUInt8),
            expectedSam));
        const auto ft = ResizeTransform::square(h, w).resizeImage(original.data_ptr<std::uint8_t>(), 1);
        const torch::Tensor expectedFt = samtest::ref("common", std::string("a.") + image + ".ft_resized_u8");
        MINITEST_CHECK(torch::equal(
            torch::from_blob(const_cast<std::uint8_t*>(ft.data()), expectedFt.sizes(), torch::kUInt8),
            expectedFt));
    }
}

// The postprocessing resize against LibTorch's own bilinear interpolation (no fixtures needed):
// upsampling with a crop, downsampling to odd sizes, same size, and a non-square case.
MINITEST_CASE(mask_resize_matches_libtorch_bilinear)
{
    namespace F = torch::nn::functional;
    torch::manual_seed(7);
    struct Case {
        std::int64_t srcH, srcW, outH, outW, keepH, keepW;
    };
    for (const Case& c : {Case{256, 256, 1024, 1024, 1024, 768}, Case{256, 256, 1024, 1024, 181, 1024},
                          Case{768, 1024, 181, 217, 181, 217}, Case{1024, 1024, 700, 700, 700, 700},
                          Case{1024, 1024, 1500, 333, 1500, 333}, Case{256, 256, 256, 256, 256, 256},
                          Case{3, 5, 7, 2, 7, 2}}) {
        const torch::Tensor x = torch::randn({2, 3, c.srcH, c.srcW}) * 10;
        const torch::Tensor expected = F::interpolate(x, F::InterpolateFuncOptions()
                                                             .size(std::vector<std::int64_t>{c.outH, c.outW})
                                                             .mode(torch::kBilinear)
                                                             .align_corners(false))
                                           .slice(2, 0, c.keepH)
                                           .slice(3, 0, c.keepW);
        torch::Tensor actual = torch::empty({2, 3, c.keepH, c.keepW});
        resizeBilinearCropped(x.data_ptr<float>(), 6, c.srcH, c.srcW, c.outH, c.outW, c.keepH, c.keepW,
                              actual.data_ptr<float>());
        // Sample positions are floats: near source index 1000 one ulp is 6e-5 pixel, and the order of
        // LibTorch's rounding is not ours, so allow 1e-4 pixel of shift times the steepest possible
        // step between neighbours (2 max|x|).
        const double diff = (actual - expected).abs().max().item<double>();
        const double allowed = 1e-4 * 2.0 * x.abs().max().item<double>();
        MINITEST_CHECK_MSG(diff <= allowed, c.srcH << "x" << c.srcW << " -> " << c.outH << "x" << c.outW
                                                   << " max|diff| " << diff << " allowed " << allowed);
    }
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
