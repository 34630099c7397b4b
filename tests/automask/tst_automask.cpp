// delineate_automask: the steps by hand, and the whole generator against the official
// segment-anything SamAutomaticMaskGenerator.
//
// amg_reference.json.gz was made by make_amg_reference.py (beside this file; its docstring names the
// packages: PyPI segment-anything's generator, MobileSAM's code only to build vit_t, PyPI torch on the CPU)
// from the random-weight fixtures vit_t.pth / vit_mini.pth and the fixtures' test image A. None of its
// values comes from our code.

#include "../sam/SamFixtures.h"
#include "automask/AutomaticMaskGenerator.h"
#include "detail/AmgSteps.h"
#include "sam/SamPredictor.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>
#include <zlib.h>

using namespace delineate;
namespace amg = delineate::automask;
namespace ad = delineate::automask::detail;

namespace {

bool near(double a, double b, double tolerance = 1e-12)
{
    return std::fabs(a - b) <= tolerance;
}

} // namespace

// build_point_grid(n): linspace(1/2n, 1 - 1/2n, n), x fastest.
MINITEST_CASE(point_grid_by_hand)
{
    const auto one = ad::pointGrid(1);
    MINITEST_REQUIRE(one.size() == 1);
    MINITEST_CHECK(near(one[0].x, 0.5) && near(one[0].y, 0.5));
    const auto three = ad::pointGrid(3);
    MINITEST_REQUIRE(three.size() == 9);
    MINITEST_CHECK(near(three[0].x, 1.0 / 6) && near(three[1].x, 0.5) && near(three[2].x, 5.0 / 6));
    MINITEST_CHECK(near(three[2].y, 1.0 / 6) && near(three[3].y, 0.5) && near(three[3].x, 1.0 / 6));
    MINITEST_CHECK(near(three[8].x, 5.0 / 6) && near(three[8].y, 5.0 / 6));
    MINITEST_CHECK(ad::pointsPerSideOfLayer(32, 2, 0) == 32 && ad::pointsPerSideOfLayer(32, 2, 1) == 16 &&
                   ad::pointsPerSideOfLayer(9, 2, 1) == 4);
}

// generate_crop_boxes((110, 150), 1, 512 / 1500) by hand: short side 110, 2 crops per side,
// overlap int(0.34133 * 110 * 1) = 37, crop width ceil((37 + 150) / 2) = 94, height ceil((37 + 110) / 2) =
// 74, x0 in {0, 57}, y0 in {0, 37}, x outer.
MINITEST_CASE(crop_boxes_by_hand)
{
    const auto crops = ad::cropBoxes(150, 110, 1, 512.0 / 1500.0);
    MINITEST_REQUIRE(crops.size() == 5);
    MINITEST_CHECK((crops[0].box == ad::Box{0, 0, 150, 110}) && crops[0].layer == 0);
    MINITEST_CHECK((crops[1].box == ad::Box{0, 0, 94, 74}) && crops[1].layer == 1);
    MINITEST_CHECK((crops[2].box == ad::Box{0, 37, 94, 110}));
    MINITEST_CHECK((crops[3].box == ad::Box{57, 0, 150, 74}));
    MINITEST_CHECK((crops[4].box == ad::Box{57, 37, 150, 110}));
}

MINITEST_CASE(mask_box_and_crop_edge_by_hand)
{
    // 5 x 4 mask with pixels at (1, 1), (3, 2): box [1, 1, 3, 2] (inclusive).
    std::vector<std::uint8_t> mask(20, 0);
    mask[1 * 5 + 1] = 1;
    mask[2 * 5 + 3] = 1;
    MINITEST_CHECK((ad::maskBox(mask.data(), 5, 4) == ad::Box{1, 1, 3, 2}));
    const std::vector<std::uint8_t> empty(20, 0);
    MINITEST_CHECK((ad::maskBox(empty.data(), 5, 4) == ad::Box{0, 0, 0, 0}));
    // Crop [100, 0, 200, 100] of a 300 x 100 image: a box reaching within 20 px of x = 200 (an inner edge)
    // is near; one within 20 px of y = 0 and y = 100 only (the image's edges too) is not.
    MINITEST_CHECK(ad::nearCropEdge({50, 10, 85, 50}, {100, 0, 200, 100}, 300, 100));  // 185 vs 200
    MINITEST_CHECK(!ad::nearCropEdge({30, 0, 60, 99}, {100, 0, 200, 100}, 300, 100));  // top/bottom = image
    MINITEST_CHECK(ad::nearCropEdge({15, 30, 60, 60}, {100, 0, 200, 100}, 300, 100));  // 115 vs 100
    MINITEST_CHECK(!ad::nearCropEdge({21, 30, 60, 60}, {100, 0, 200, 100}, 300, 100)); // 121: 21 px away
    // The whole image as crop: never near (every crop edge is an image edge).
    MINITEST_CHECK(!ad::nearCropEdge({0, 0, 299, 99}, {0, 0, 300, 100}, 300, 100));
}

// torchvision.ops.nms by hand: A [0,0,10,10] 0.9, B [1,1,11,11] 0.8: IoU 81 / 119 = 0.6807;
// C [20,20,30,30] 0.95 overlaps nothing.
MINITEST_CASE(box_nms_by_hand)
{
    const std::vector<ad::Box> boxes{{0, 0, 10, 10}, {1, 1, 11, 11}, {20, 20, 30, 30}};
    const std::vector<float> scores{0.9f, 0.8f, 0.95f};
    MINITEST_CHECK((ad::boxNms(boxes, scores, 0.5) == std::vector<std::size_t>{2, 0}));
    MINITEST_CHECK((ad::boxNms(boxes, scores, 0.7) == std::vector<std::size_t>{2, 0, 1}));
    // Equal scores keep their order (stable sort): the first suppresses the second.
    MINITEST_CHECK(
        (ad::boxNms({{0, 0, 10, 10}, {0, 0, 10, 10}}, {0.5f, 0.5f}, 0.7) == std::vector<std::size_t>{0}));
}

// calculate_stability_score: logits {-2, -0.5, 0.5, 1.5, 3}: > 1 -> 2, > -1 -> 4: 0.5.
MINITEST_CASE(stability_by_hand)
{
    const std::vector<float> logits{-2.0f, -0.5f, 0.5f, 1.5f, 3.0f};
    MINITEST_CHECK(ad::stabilityScore(logits.data(), logits.size(), 0.0f, 1.0f) == 0.5f);
    const std::vector<float> none{-3.0f, -2.0f};
    MINITEST_CHECK(std::isnan(ad::stabilityScore(none.data(), none.size(), 0.0f, 1.0f)));
}

namespace {

// segment-anything's rle_to_mask: column-major run lengths starting with 0s -> row-major mask.
std::vector<std::uint8_t> decodeRle(const nlohmann::json& rle)
{
    const int height = rle.at("size")[0].get<int>();
    const int width = rle.at("size")[1].get<int>();
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), 0);
    std::size_t position = 0;
    bool value = false;
    for (const auto& count : rle.at("counts")) {
        for (std::int64_t k = 0; k < count.get<std::int64_t>(); ++k, ++position)
            if (value) {
                const std::size_t column = position / static_cast<std::size_t>(height);
                const std::size_t row = position % static_cast<std::size_t>(height);
                mask[row * static_cast<std::size_t>(width) + column] = 1;
            }
        value = !value;
    }
    return mask;
}

double maskIou(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b)
{
    std::size_t both = 0, either = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        both += (a[i] && b[i]) ? 1 : 0;
        either += (a[i] || b[i]) ? 1 : 0;
    }
    return either == 0 ? 1.0 : static_cast<double>(both) / static_cast<double>(either);
}

amg::AutomaticMaskOptions optionsOf(const nlohmann::json& o)
{
    amg::AutomaticMaskOptions options;
    options.pointsPerSide = o.at("points_per_side").get<int>();
    options.predIouThreshold = o.at("pred_iou_thresh").get<double>();
    options.stabilityThreshold = o.at("stability_score_thresh").get<double>();
    options.boxNmsThreshold = o.at("box_nms_thresh").get<double>();
    options.cropLayers = o.value("crop_n_layers", 0);
    options.cropPointsDownscaleFactor = o.value("crop_n_points_downscale_factor", 1);
    return options;
}

void checkCase(const nlohmann::json& reference)
{
    const std::string name = reference.at("name").get<std::string>();
    const torch::Tensor grey = samtest::ref("common", "a.A.image_u8").contiguous();
    const int height = static_cast<int>(grey.size(0));
    const int width = static_cast<int>(grey.size(1));
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    const std::uint8_t* g = grey.data_ptr<std::uint8_t>();
    for (std::size_t p = 0; p < rgb.size() / 3; ++p)
        rgb[3 * p] = rgb[3 * p + 1] = rgb[3 * p + 2] = g[p];

    sam::SamOptions samOptions;
    samOptions.device = sam::ComputeDevice::Cpu;
    samOptions.threads = 2;
    auto predictor = sam::SamPredictor::fromCheckpoint(
        delineate::test::samFixture(reference.at("model").get<std::string>()), samOptions);
    MINITEST_REQUIRE(predictor.ok());
    const amg::AutomaticMaskGenerator generator(optionsOf(reference.at("options")));
    auto masks = generator.generate(*predictor, {rgb.data(), width, height, 3});
    MINITEST_REQUIRE(masks.ok());

    // Tolerances: the engine equals the reference predictor within the fixtures' atol (predicted IoU
    // ~1e-4, logits ~1e-3): a mask may differ in a few pixels whose logit is within that of 0 (or of +-1
    // for the stability score), and a candidate whose score lies within that of a threshold may fall
    // either way. Matching is by prompting point and mask.
    const auto& expected = reference.at("masks");
    std::printf("  %s: reference %zu masks, ours %zu\n", name.c_str(), expected.size(), masks->size());
    const double thresholdMargin = 2e-3;
    const amg::AutomaticMaskOptions options = generator.options();
    std::size_t matched = 0;
    double worstIou = 1.0, worstScore = 0.0, worstStability = 0.0;
    for (std::size_t r = 0; r < expected.size(); ++r) {
        const auto& e = expected[r];
        const std::vector<std::uint8_t> reference_mask = decodeRle(e.at("segmentation"));
        const double px = e.at("point_coords")[0][0].get<double>();
        const double py = e.at("point_coords")[0][1].get<double>();
        const amg::AutomaticMask* best = nullptr;
        double bestIou = -1.0;
        for (const amg::AutomaticMask& m : *masks)
            if (near(m.pointX, px, 1e-6) && near(m.pointY, py, 1e-6)) {
                const double iou = maskIou(m.fullMask(), reference_mask);
                if (iou > bestIou) {
                    bestIou = iou;
                    best = &m;
                }
            }
        const double iouPred = e.at("predicted_iou").get<double>();
        const double stability = e.at("stability_score").get<double>();
        const bool borderline = std::fabs(iouPred - options.predIouThreshold) < thresholdMargin ||
                                std::fabs(stability - options.stabilityThreshold) < 0.02;
        if (!best || bestIou < 0.95) {
            MINITEST_CHECK_MSG(borderline, name + ": reference mask " + std::to_string(r) + " at (" +
                                               std::to_string(px) + ", " + std::to_string(py) +
                                               ") not found (best IoU " + std::to_string(bestIou) + ")");
            continue;
        }
        ++matched;
        worstIou = std::min(worstIou, bestIou);
        worstScore = std::max(worstScore, std::fabs(best->predictedIou - iouPred));
        worstStability = std::max(worstStability, std::fabs(best->stabilityScore - stability));
        const auto box = best->boxXywh();
        for (std::size_t k = 0; k < 4; ++k)
            MINITEST_CHECK(std::fabs(box[k] - e.at("bbox")[k].get<double>()) <= 1.0);
        const auto crop = best->cropBoxXywh();
        for (std::size_t k = 0; k < 4; ++k)
            MINITEST_CHECK(crop[k] == e.at("crop_box")[k].get<double>());
        MINITEST_CHECK(std::fabs(static_cast<double>(best->area) - e.at("area").get<double>()) <=
                       std::max(3.0, 0.01 * e.at("area").get<double>()));
    }
    std::printf("  %s: matched %zu, worst mask IoU %.5f, worst |predicted IoU diff| %.2e, worst |stability "
                "diff| %.2e\n",
                name.c_str(), matched, worstIou, worstScore, worstStability);
    MINITEST_CHECK(worstIou >= 0.999);
    MINITEST_CHECK(worstScore <= 1e-4);
    MINITEST_CHECK(worstStability <= 2e-3);
    // Masks of ours without a reference counterpart are allowed only at a threshold's margin too.
    for (const amg::AutomaticMask& m : *masks) {
        bool found = false;
        const std::vector<std::uint8_t> ours = m.fullMask();
        for (const auto& e : expected)
            if (near(m.pointX, e.at("point_coords")[0][0].get<double>(), 1e-6) &&
                near(m.pointY, e.at("point_coords")[0][1].get<double>(), 1e-6) &&
                maskIou(ours, decodeRle(e.at("segmentation"))) >= 0.95) {
                found = true;
                break;
            }
        const bool borderline = std::fabs(m.predictedIou - options.predIouThreshold) < thresholdMargin ||
                                std::fabs(m.stabilityScore - options.stabilityThreshold) < 0.02;
        MINITEST_CHECK_MSG(found || borderline, name + ": our mask at (" + std::to_string(m.pointX) + ", " +
                                                    std::to_string(m.pointY) + ") is not in the reference");
    }
}

const nlohmann::json& references()
{
    static const nlohmann::json json = [] {
        gzFile in = gzopen(DELINEATE_AMG_REFERENCE, "rb");
        if (!in)
            throw minitest::FailureException{std::string("cannot open ") + DELINEATE_AMG_REFERENCE};
        std::string text;
        char buffer[1 << 16];
        for (int n; (n = gzread(in, buffer, sizeof buffer)) > 0;)
            text.append(buffer, static_cast<std::size_t>(n));
        gzclose(in);
        return nlohmann::json::parse(text);
    }();
    return json;
}

void runCase(const std::string& name)
{
    samtest::requireFixtures();
    for (const auto& c : references().at("cases"))
        if (c.at("name").get<std::string>() == name)
            return checkCase(c);
    throw minitest::FailureException{"no reference case " + name};
}

} // namespace

// Every mask of an 8 x 8 grid (no filter, no suppression): masks, scores, boxes, points.
MINITEST_CASE(official_generator_vit_t_all)
{
    runCase("vit_t_all");
}
MINITEST_CASE(official_generator_vit_mini_all)
{
    runCase("vit_mini_all");
}
// Box NMS (the random models' masks are similar: one survives), IoU and stability filters, crop layers.
MINITEST_CASE(official_generator_vit_t_nms)
{
    runCase("vit_t_nms");
}
MINITEST_CASE(official_generator_vit_mini_filtered)
{
    runCase("vit_mini_filtered");
}
MINITEST_CASE(official_generator_vit_t_crops)
{
    runCase("vit_t_crops");
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
