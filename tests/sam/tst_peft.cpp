// PEFT layers: injecting LoRA / adapters into a loaded base model reproduces the finetune-SAM key
// layout; PEFT weights round-trip through safetensors with their metadata; a file made for another
// base checkpoint is refused. (The fixture cases a-d of the ft_* models run in
// tst_image_encoder / tst_mask_decoder.)

#include "PeftWeights.h"
#include "SamFixtures.h"
#include "base/Sha256.h"
#include "modeling/TinyVitAttention.h"
#include "support/TemporaryFolder.h"
#include "tensorio/Safetensors.h"

#include <cstdio>
#include <limits>
#include <set>

using namespace delineate::sam;
namespace sd = delineate::sam::detail;

namespace {

std::set<std::string> keysOf(const torch::nn::Module& module)
{
    std::set<std::string> keys;
    for (const auto& [name, tensor] : sd::StateDictLoader::stateDictOf(module))
        keys.insert(name);
    return keys;
}

std::set<std::string> manifestKeys(const std::string& model)
{
    std::set<std::string> keys;
    const auto& list = samtest::manifest()["models"][model]["keys"];
    if (list.is_object()) {
        for (const auto& item : list.items())
            keys.insert(item.key());
    } else {
        for (const auto& item : list)
            keys.insert(item.is_array() ? item[0].get<std::string>() : item.get<std::string>());
    }
    return keys;
}

SamConfig loraConfigLikeFinetuneSam()
{
    auto config = sd::ConfigInference::infer(
        *delineate::tensorio::loadTorchCheckpoint(samtest::fixtureDir() + "/vit_mini.pth"));
    SamConfig c = *config;
    c.numMultimaskOutputs = 2;
    c.peft.method = PeftMethod::Lora;
    c.peft.rank = 4;
    c.peft.encoderLayers = {0, 1};
    c.peft.decoderLayers = {0, 1};
    c.peft.decoderFinalAttention = true;
    return c;
}

} // namespace

MINITEST_CASE(lora_injection_matches_finetune_sam_keys)
{
    samtest::requireFixtures();
    sd::Sam sam(loraConfigLikeFinetuneSam());
    MINITEST_CHECK(keysOf(sam) == manifestKeys("ft_vit_mini_lora"));
}

MINITEST_CASE(adapter_injection_matches_finetune_sam_keys)
{
    samtest::requireFixtures();
    SamConfig config = SamConfig::vitT();
    config.numMultimaskOutputs = 2;
    sd::Sam sam(config);
    PeftConfig peft;
    peft.method = PeftMethod::Adapter;
    peft.encoderLayers = {1, 2};
    peft.decoderLayers = {0, 1};
    sam.applyPeft(peft);
    MINITEST_CHECK(keysOf(sam) == manifestKeys("ft_vit_t_adapter"));
}

MINITEST_CASE(fresh_lora_does_not_change_outputs)
{
    samtest::requireFixtures();
    samtest::configureThreads();
    auto base = samtest::model("vit_mini");
    sd::Sam sam(base->config());
    MINITEST_REQUIRE(sd::StateDictLoader::load(sam, sd::StateDictLoader::stateDictOf(*base)).ok());
    PeftConfig peft;
    peft.method = PeftMethod::Lora;
    peft.encoderLayers = {0};
    peft.decoderLayers = {0, 1};
    sam.applyPeft(peft);
    c10::InferenceMode guard;
    const torch::Tensor embedding = samtest::ref("vit_mini", "b.image_embedding");
    const auto [sparse, dense] = sam.promptEncoder()->forward({});
    const auto [low, iou] =
        sam.maskDecoder()->forward(embedding, sam.promptEncoder()->densePe(), sparse, dense, true);
    SAM_CHECK_CLOSE("vit_mini", "c.auto.multi.low_res_masks", low);
}

// LoRA on MobileSAM's TinyViT as finetune-SAM places it: every transformer block of the chosen stages
// gets its qkv wrapped (keys attn.qkv.qkv.*, attn.qkv.linear_{a,b}_{q,v}.weight); the q delta lands on
// the first C qkv outputs and the v delta on the last C, so a LoRA attention equals a plain one whose
// qkv weight is W + [B_q A_q; 0; B_v A_v]. Fresh LoRA changes nothing; the layout is found again from
// the keys of a saved model.
MINITEST_CASE(tinyvit_lora_like_finetune_sam)
{
    samtest::requireFixtures();
    samtest::configureThreads();
    torch::manual_seed(7);
    constexpr std::int64_t dim = 64, heads = 2, window = 7, rank = 4;
    sd::TinyVitAttention lora(dim, dim / heads, heads, window);
    sd::TinyVitAttention plain(dim, dim / heads, heads, window);
    {
        torch::NoGradGuard noGrad;
        for (auto& p : plain->parameters())
            p.normal_(0.0, 0.2);
        for (auto& [name, tensor] : plain->named_parameters().pairs())
            lora->named_parameters()[name].copy_(tensor);
    }
    lora->enableLora(rank);
    const auto params = lora->named_parameters();
    MINITEST_CHECK(params.contains("qkv.qkv.weight") && params.contains("qkv.linear_a_q.weight"));
    MINITEST_CHECK(!params.contains("qkv.weight"));
    const torch::Tensor x = torch::randn({3, window * window, dim});
    {
        torch::NoGradGuard noGrad;
        MINITEST_CHECK(torch::allclose(lora->forward(x), plain->forward(x), 1e-5, 1e-6)); // B = 0
        params["qkv.linear_b_q.weight"].normal_(0.0, 0.3);
        params["qkv.linear_b_v.weight"].normal_(0.0, 0.3);
        const torch::Tensor deltaQ = params["qkv.linear_b_q.weight"].matmul(params["qkv.linear_a_q.weight"]);
        const torch::Tensor deltaV = params["qkv.linear_b_v.weight"].matmul(params["qkv.linear_a_v.weight"]);
        plain->named_parameters()["qkv.weight"].add_(
            torch::cat({deltaQ, torch::zeros({dim, dim}), deltaV}, 0));
        const torch::Tensor expected = plain->forward(x);
        MINITEST_CHECK(torch::allclose(lora->forward(x), expected, 1e-4, 1e-5));
        MINITEST_CHECK(!torch::allclose(lora->forward(x), x.new_zeros(expected.sizes())));
    }

    // The whole vit_t model: stages 1 and 2 (finetune-SAM's [0, 1, 10, 11] - 1), inferred back from keys.
    auto base = samtest::model("vit_t");
    sd::Sam sam(base->config());
    MINITEST_REQUIRE(sd::StateDictLoader::load(sam, sd::StateDictLoader::stateDictOf(*base)).ok());
    PeftConfig peft;
    peft.method = PeftMethod::Lora;
    peft.encoderLayers = {1, 2};
    peft.decoderLayers = {0, 1};
    sam.applyPeft(peft);
    const std::set<std::string> keys = keysOf(sam);
    MINITEST_CHECK(keys.count("image_encoder.layers.1.blocks.1.attn.qkv.linear_b_v.weight"));
    MINITEST_CHECK(keys.count("image_encoder.layers.2.blocks.5.attn.qkv.qkv.bias"));
    MINITEST_CHECK(!keys.count("image_encoder.layers.3.blocks.0.attn.qkv.qkv.weight"));
    MINITEST_CHECK(keys.count("image_encoder.layers.3.blocks.0.attn.qkv.weight"));
    delineate::tensorio::StateDict saved = sd::StateDictLoader::stateDictOf(sam);
    auto inferred = sd::ConfigInference::infer(saved);
    MINITEST_REQUIRE(inferred.ok());
    MINITEST_CHECK(inferred->peft.method == PeftMethod::Lora && inferred->peft.rank == 4);
    MINITEST_CHECK((inferred->peft.encoderLayers == std::vector<int>{1, 2}));
    sd::Sam reloaded(*inferred);
    MINITEST_CHECK(sd::StateDictLoader::load(reloaded, saved).ok());
}

MINITEST_CASE(peft_weights_round_trip_through_safetensors)
{
    samtest::requireFixtures();
    samtest::configureThreads();
    auto source = samtest::model("ft_vit_mini_lora");
    const delineate::test::TemporaryFolder folder;
    const std::string path = folder.file("lora.safetensors");
    MINITEST_REQUIRE(sd::PeftWeights::save(*source, path, "abc123").ok());

    auto loaded = delineate::tensorio::loadSafetensors(path);
    MINITEST_REQUIRE(loaded.ok());
    MINITEST_CHECK(loaded->metadata["method"] == "lora" && loaded->metadata["rank"] == "4");
    MINITEST_CHECK(loaded->metadata["encoder_layers"] == "0,1" &&
                   loaded->metadata["decoder_layers"] == "0,1");
    MINITEST_CHECK(loaded->metadata["base_checkpoint_sha256"] == "abc123");
    std::size_t expected = 0;
    for (const auto& key : manifestKeys("ft_vit_mini_lora"))
        expected += sd::PeftWeights::isPeftTensor(key) ? 1 : 0;
    MINITEST_CHECK(loaded->tensors.size() == expected && expected == 8 + 4 * 7);

    // A model of the same base without PEFT layers gets them from the metadata.
    SamConfig plain = source->config();
    plain.peft = PeftConfig{};
    sd::Sam target(plain);
    MINITEST_REQUIRE(sd::PeftWeights::load(target, path, "abc123").ok());
    MINITEST_CHECK(target.config().peft.method == PeftMethod::Lora);
    for (const auto& [name, tensor] : loaded->tensors) {
        for (const auto& [targetName, targetTensor] : sd::StateDictLoader::stateDictOf(target))
            if (targetName == name)
                MINITEST_CHECK_MSG(torch::equal(targetTensor, tensor), name);
    }
    auto refused = sd::PeftWeights::load(target, path, "other");
    MINITEST_CHECK(!refused.ok() && refused.error().detail.find("abc123") != std::string::npos);
}

// NaN / Inf in an adapter are refused at load (issue 14.4), naming the file and the tensor.
MINITEST_CASE(peft_weights_with_nan_are_refused)
{
    samtest::requireFixtures();
    samtest::configureThreads();
    auto source = samtest::model("ft_vit_mini_lora");
    const delineate::test::TemporaryFolder folder;
    const std::string path = folder.file("lora.safetensors");
    MINITEST_REQUIRE(sd::PeftWeights::save(*source, path, "abc123").ok());
    auto file = delineate::tensorio::loadSafetensors(path);
    MINITEST_REQUIRE(file.ok() && !file->tensors.empty());
    auto& [name, tensor] = file->tensors.back();
    tensor = tensor.clone();
    tensor.view({-1})[0] = std::numeric_limits<float>::quiet_NaN();
    const std::string poisoned = folder.file("nan.safetensors");
    MINITEST_REQUIRE(delineate::tensorio::saveSafetensors(poisoned, file->tensors, file->metadata).ok());

    SamConfig plain = source->config();
    plain.peft = PeftConfig{};
    sd::Sam target(plain);
    auto refused = sd::PeftWeights::load(target, poisoned, "abc123");
    MINITEST_REQUIRE(!refused.ok());
    MINITEST_CHECK(refused.error().code == delineate::ErrorCode::CorruptData);
    MINITEST_CHECK_MSG(refused.error().message() ==
                           poisoned + ": tensor " + name + " holds NaN or infinite values",
                       refused.error().message());
}

MINITEST_CASE(sha256_known_vector)
{
    delineate::Sha256 hash;
    const std::string text = "abc";
    hash.update(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    MINITEST_CHECK(hash.finishHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

MINITEST_CASE(sha256_of_fixture_matches_manifest)
{
    samtest::requireFixtures();
    auto sha = delineate::Sha256::ofFile(samtest::fixtureDir() + "/vit_mini.pth");
    MINITEST_REQUIRE(sha.ok());
    const auto& files = samtest::manifest()["files"];
    std::string expected;
    if (files.is_object() && files.contains("vit_mini.pth"))
        expected = files["vit_mini.pth"].value("sha256", "");
    else if (files.is_array())
        for (const auto& f : files)
            if (f.value("name", f.value("file", "")) == "vit_mini.pth")
                expected = f.value("sha256", "");
    MINITEST_CHECK_MSG(*sha == expected, *sha << " vs " << expected);
}

// Hostile PEFT files (issue 14, points 3 and 5): the metadata may only declare what the file's tensors
// back, checked before any layer is allocated. Before this check a 174-byte file with rank 1e6 added
// LoRA layers of 1e6 x C per block (6.6 GB on vit_b) and loaded "successfully".
MINITEST_CASE(hostile_peft_metadata_is_refused_in_one_line_before_allocating)
{
    samtest::configureThreads();
    SamConfig config = SamConfig::vitB();
    config.variant = SamVariant::Custom;
    config.vit.embedDim = 32;
    config.vit.depth = 2;
    config.vit.numHeads = 2;
    config.vit.globalAttnIndexes = {1};
    const delineate::test::TemporaryFolder folder;
    const auto loraA = [](std::int64_t rank) {
        return std::make_pair(std::string("image_encoder.blocks.0.attn.qkv.linear_a_q.weight"),
                              torch::zeros({rank, 32}));
    };
    struct Case {
        std::string rank;
        std::string encoderLayers;
        delineate::tensorio::StateDict tensors;
        std::string expected;
    };
    const std::vector<Case> cases{
        {"1000000", "0", {}, "LoRA rank 1000000 in the metadata, expected 1..1024"},
        {"0", "0", {loraA(4)}, "LoRA rank 0 in the metadata"},
        {"-3", "0", {loraA(4)}, "LoRA rank -3 in the metadata"},
        {"1e6", "0", {loraA(4)}, "bad rank '1e6'"},
        {"8", "0", {loraA(4)}, "has shape [4, 32], expected (rank, in) with the metadata's rank 8"},
        {"4",
         "0,1",
         {loraA(4)},
         "encoder_layers declares layer 1 but the file has no image_encoder.blocks.1.* tensor"},
        {"4", "0,0", {loraA(4)}, "encoder_layers lists a layer twice"},
    };
    int n = 0;
    for (const Case& c : cases) {
        const std::string path = folder.file("hostile" + std::to_string(n++) + ".safetensors");
        const std::map<std::string, std::string> metadata{{"format", "delineate-peft-1"},
                                                          {"method", "lora"},
                                                          {"encoder_layers", c.encoderLayers},
                                                          {"decoder_layers", ""},
                                                          {"rank", c.rank}};
        MINITEST_REQUIRE(delineate::tensorio::saveSafetensors(path, c.tensors, metadata).ok());
        sd::Sam sam(config);
        const auto loaded = sd::PeftWeights::load(sam, path, "");
        MINITEST_CHECK_MSG(!loaded.ok(), "accepted: rank " + c.rank + " layers " + c.encoderLayers);
        if (loaded.ok())
            continue;
        const std::string message = loaded.error().message();
        MINITEST_CHECK_MSG(message.find('\n') == std::string::npos && message.find(path) == 0, message);
        MINITEST_CHECK_MSG(message.find(c.expected) != std::string::npos, message + " lacks: " + c.expected);
        MINITEST_CHECK(sam.config().peft.method == PeftMethod::None);
    }
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
