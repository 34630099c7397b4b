// PEFT layers: injecting LoRA / adapters into a loaded base model reproduces the finetune-SAM key
// layout; PEFT weights round-trip through safetensors with their metadata; a file made for another
// base checkpoint is refused. (The fixture cases a-d of the ft_* models run in
// tst_image_encoder / tst_mask_decoder.)

#include "SamFixtures.h"

#include "PeftWeights.h"
#include "tensorio/Safetensors.h"
#include "Sha256.h"

#include <cstdio>
#include <filesystem>
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

std::string tempPath(const std::string& name)
{
    return (std::filesystem::temp_directory_path() / ("delineate_tst_peft_" + name)).string();
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
    const auto [low, iou] = sam.maskDecoder()->forward(embedding, sam.promptEncoder()->densePe(), sparse, dense, true);
    SAM_CHECK_CLOSE("vit_mini", "c.auto.multi.low_res_masks", low);
}

MINITEST_CASE(peft_weights_round_trip_through_safetensors)
{
    samtest::requireFixtures();
    samtest::configureThreads();
    auto source = samtest::model("ft_vit_mini_lora");
    const std::string path = tempPath("lora.safetensors");
    MINITEST_REQUIRE(sd::PeftWeights::save(*source, path, "abc123").ok());

    auto loaded = delineate::tensorio::loadSafetensors(path);
    MINITEST_REQUIRE(loaded.ok());
    MINITEST_CHECK(loaded->metadata["method"] == "lora" && loaded->metadata["rank"] == "4");
    MINITEST_CHECK(loaded->metadata["encoder_layers"] == "0,1" && loaded->metadata["decoder_layers"] == "0,1");
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
    std::filesystem::remove(path);
}

MINITEST_CASE(sha256_known_vector)
{
    sd::Sha256 hash;
    const std::string text = "abc";
    hash.update(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    MINITEST_CHECK(hash.finishHex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

MINITEST_CASE(sha256_of_fixture_matches_manifest)
{
    samtest::requireFixtures();
    auto sha = sd::Sha256::ofFile(samtest::fixtureDir() + "/vit_mini.pth");
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

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
