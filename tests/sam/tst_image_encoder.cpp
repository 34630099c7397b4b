// Image encoders (ViT, TinyViT) against the fixtures: model input built from the stored
// resized image (so the resampler is not involved), intermediate outputs (b.<module>.chan_mean /
// crop_tl) and the image embedding b.image_embedding.

#include "SamFixtures.h"
#include "modeling/TinyVitAttention.h"

using namespace delineate::sam;
namespace sd = delineate::sam::detail;

namespace {

// Runs the encoder of <group>'s model with a tap and checks every stored b.* tensor.
void checkEncoder(const std::string& modelName, PreprocessKind kind)
{
    samtest::requireFixtures();
    samtest::configureThreads();
    auto sam = samtest::model(modelName);
    std::map<std::string, torch::Tensor> taps;
    sam->imageEncoder().setTap([&](const std::string& name, const torch::Tensor& nchw) {
        taps[name + ".chan_mean"] = nchw.mean({2, 3});
        taps[name + ".crop_tl"] = nchw.slice(2, 0, 8).slice(3, 0, 8).clone();
    });
    torch::Tensor embedding;
    {
        c10::InferenceMode guard;
        embedding = sam->imageEncoder().forward(samtest::storedModelInput("A", kind));
    }
    sam->imageEncoder().setTap({});

    int compared = 0;
    for (const auto& [name, tensor] : samtest::group(modelName)) {
        if (name.rfind("b.", 0) != 0 || name == "b.image_embedding")
            continue;
        auto it = taps.find(name.substr(2));
        MINITEST_CHECK_MSG(it != taps.end(), "no tap output for " << name);
        if (it == taps.end())
            continue;
        SAM_CHECK_CLOSE(modelName, name, it->second);
        ++compared;
    }
    MINITEST_CHECK(compared >= 8);
    SAM_CHECK_CLOSE(modelName, "b.image_embedding", embedding);
}

} // namespace

MINITEST_CASE(vit_mini_embedding)
{
    checkEncoder("vit_mini", PreprocessKind::Sam);
}

MINITEST_CASE(vit_t_embedding)
{
    checkEncoder("vit_t", PreprocessKind::Sam);
}

MINITEST_CASE(ft_vit_t_adapter_embedding)
{
    checkEncoder("ft_vit_t_adapter", PreprocessKind::FinetuneSam);
}

MINITEST_CASE(ft_vit_mini_lora_embedding)
{
    checkEncoder("ft_vit_mini_lora", PreprocessKind::FinetuneSam);
}

MINITEST_CASE(tinyvit_attention_bias_indexes)
{
    sd::TinyVitAttention attention(64, 32, 2, 7);
    const torch::Tensor& idxs = attention->biasIndexes();
    MINITEST_CHECK(idxs.size(0) == 49 && idxs.size(1) == 49);
    MINITEST_CHECK(idxs.max().item<std::int64_t>() == 48);
    // Offsets numbered in order of first appearance: row 0 visits (0,0), (0,1), ... (6,6).
    MINITEST_CHECK(idxs[0][0].item<std::int64_t>() == 0 && idxs[0][1].item<std::int64_t>() == 1);
    MINITEST_CHECK(idxs[0][7].item<std::int64_t>() == 7);
    // Symmetric in |dy|, |dx|.
    MINITEST_CHECK(idxs[8][0].item<std::int64_t>() == idxs[0][8].item<std::int64_t>());
    MINITEST_CHECK(torch::equal(idxs, idxs.t()));
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
