// Prompt encoder + mask decoder + postprocessing in isolation: the stored image embedding and
// transformed prompts go in; sparse/dense embeddings, low-res logits, IoU predictions and masks at
// the original size are compared with the fixtures, for the prompt-free mode (c.auto.*) and every
// prompt case (d.<case>.{multi,single}.*).

#include "SamFixtures.h"

using namespace delineate::sam;
namespace sd = delineate::sam::detail;

namespace {

struct Case {
    std::string group;
    std::string prefix; // "c.auto" or "d.<case>"
    sd::PromptTensors prompts;
    std::int64_t inputH;
    std::int64_t inputW;
};

void runCase(const Case& c)
{
    auto sam = samtest::model(c.group);
    c10::InferenceMode guard;
    const torch::Tensor embedding = samtest::ref(c.group, "b.image_embedding");
    const torch::Tensor original = samtest::ref("common", "a.A.image_u8");
    const auto [sparse, dense] = sam->promptEncoder()->forward(c.prompts);
    const std::string sparseName =
        c.prefix == "c.auto" ? "c.sparse_embeddings" : c.prefix + ".sparse_embeddings";
    if (samtest::group(c.group).count(sparseName))
        SAM_CHECK_CLOSE(c.group, sparseName, sparse);
    if (samtest::group(c.group).count(c.prefix + ".dense_embeddings.chan_mean")) {
        SAM_CHECK_CLOSE(c.group, c.prefix + ".dense_embeddings.chan_mean", dense.mean({2, 3}));
        SAM_CHECK_CLOSE(c.group, c.prefix + ".dense_embeddings.crop_tl", dense.slice(2, 0, 8).slice(3, 0, 8));
    }
    const torch::Tensor pe = sam->promptEncoder()->densePe();
    for (bool multi : {true, false}) {
        const auto [low, iou] = sam->maskDecoder()->forward(embedding, pe, sparse, dense, multi);
        const std::string base = c.prefix + (multi ? ".multi." : ".single.");
        SAM_CHECK_CLOSE(c.group, base + "low_res_masks", low);
        SAM_CHECK_CLOSE(c.group, base + "iou_predictions", iou);
        const torch::Tensor masks =
            sd::Sam::postprocessMasks(low, c.inputH, c.inputW, original.size(0), original.size(1));
        SAM_CHECK_CLOSE(c.group, base + "masks", masks);
    }
}

void officialCases(const std::string& group)
{
    samtest::requireFixtures();
    samtest::configureThreads();
    const torch::Tensor inputSize = samtest::ref(group, "a.input_size");
    const std::int64_t h = inputSize[0].item<std::int64_t>();
    const std::int64_t w = inputSize[1].item<std::int64_t>();

    {
        c10::InferenceMode guard;
        auto sam = samtest::model(group);
        const torch::Tensor pe = sam->promptEncoder()->densePe();
        SAM_CHECK_CLOSE(group, "c.image_pe.chan_mean", pe.mean({2, 3}));
        SAM_CHECK_CLOSE(group, "c.image_pe.crop_tl", pe.slice(2, 0, 8).slice(3, 0, 8));
    }
    runCase({group, "c.auto", {}, h, w});
    for (const char* name : {"point1", "point2", "box", "box_point", "mask_point"}) {
        const std::string in = std::string("d.") + name + ".in.";
        sd::PromptTensors prompts;
        const auto& tensors = samtest::group(group);
        if (tensors.count(in + "point_coords_transformed")) {
            prompts.pointCoords =
                samtest::ref(group, in + "point_coords_transformed").to(torch::kFloat).unsqueeze(0);
            prompts.pointLabels = samtest::ref(group, in + "point_labels").to(torch::kLong).unsqueeze(0);
        }
        if (tensors.count(in + "box_transformed"))
            prompts.boxes = samtest::ref(group, in + "box_transformed").to(torch::kFloat);
        if (tensors.count(in + "mask_input"))
            prompts.masks = samtest::ref(group, in + "mask_input").unsqueeze(0);
        runCase({group, std::string("d.") + name, prompts, h, w});
    }
}

void finetuneCases(const std::string& group)
{
    samtest::requireFixtures();
    samtest::configureThreads();
    {
        c10::InferenceMode guard;
        auto sam = samtest::model(group);
        const torch::Tensor pe = sam->promptEncoder()->densePe();
        SAM_CHECK_CLOSE(group, "c.image_pe.chan_mean", pe.mean({2, 3}));
        SAM_CHECK_CLOSE(group, "c.image_pe.crop_tl", pe.slice(2, 0, 8).slice(3, 0, 8));
    }
    runCase({group, "c.auto", {}, 1024, 1024});
    sd::PromptTensors box;
    box.boxes = samtest::ref(group, "d.box.in.boxes_1024");
    runCase({group, "d.box", box, 1024, 1024});
    sd::PromptTensors points;
    points.pointCoords = samtest::ref(group, "d.point2.in.point_coords_1024");
    points.pointLabels = samtest::ref(group, "d.point2.in.point_labels").to(torch::kLong);
    runCase({group, "d.point2", points, 1024, 1024});

    // Class map as the finetune-SAM notebook computes it; pixels whose top-2 margin is below the
    // logit tolerance may flip.
    auto sam = samtest::model(group);
    c10::InferenceMode guard;
    const auto [sparse, dense] = sam->promptEncoder()->forward({});
    const auto [low, iou] = sam->maskDecoder()->forward(samtest::ref(group, "b.image_embedding"),
                                                        sam->promptEncoder()->densePe(), sparse, dense, true);
    const torch::Tensor label = low.argmax(1).to(torch::kUInt8);
    const torch::Tensor margin = (low.select(1, 0) - low.select(1, 1)).abs();
    const torch::Tensor differs = label.ne(samtest::ref(group, "c.auto.label_256"));
    const double tol = samtest::atol(group, "c.auto.multi.low_res_masks");
    MINITEST_CHECK_MSG(differs.logical_and(margin > tol).sum().item<std::int64_t>() == 0,
                       "label_256 differs where the margin exceeds the tolerance");
}

} // namespace

MINITEST_CASE(vit_mini_prompts)
{
    officialCases("vit_mini");
}

MINITEST_CASE(vit_t_prompts)
{
    officialCases("vit_t");
}

MINITEST_CASE(ft_vit_t_adapter_prompts)
{
    finetuneCases("ft_vit_t_adapter");
}

MINITEST_CASE(ft_vit_mini_lora_prompts)
{
    finetuneCases("ft_vit_mini_lora");
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
