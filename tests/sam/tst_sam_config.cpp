// Registry numbers, config inference from checkpoint names/shapes, strict weight loading errors.

#include "SamFixtures.h"
#include "sam/SamConfig.h"

using namespace delineate::sam;
namespace sd = delineate::sam::detail;

namespace {

delineate::tensorio::StateDict checkpoint(const std::string& name)
{
    auto loaded = delineate::tensorio::loadTorchCheckpoint(samtest::fixtureDir() + "/" + name + ".pth");
    if (!loaded)
        throw minitest::FailureException{loaded.error().message()};
    return std::move(loaded).value();
}

} // namespace

MINITEST_CASE(registry_official_variants)
{
    const SamConfig b = SamConfig::vitB();
    MINITEST_CHECK(b.encoder == EncoderKind::Vit && b.vit.embedDim == 768 && b.vit.depth == 12 &&
                   b.vit.numHeads == 12);
    MINITEST_CHECK((b.vit.globalAttnIndexes == std::vector<int>{2, 5, 8, 11}));
    const SamConfig l = SamConfig::vitL();
    MINITEST_CHECK(l.vit.embedDim == 1024 && l.vit.depth == 24 && l.vit.numHeads == 16);
    MINITEST_CHECK((l.vit.globalAttnIndexes == std::vector<int>{5, 11, 17, 23}));
    const SamConfig h = SamConfig::vitH();
    MINITEST_CHECK(h.vit.embedDim == 1280 && h.vit.depth == 32 && h.vit.numHeads == 16);
    MINITEST_CHECK((h.vit.globalAttnIndexes == std::vector<int>{7, 15, 23, 31}));
    const SamConfig t = SamConfig::vitT();
    MINITEST_CHECK(t.encoder == EncoderKind::TinyVit);
    MINITEST_CHECK((t.tinyVit.embedDims == std::vector<int>{64, 128, 160, 320}));
    MINITEST_CHECK((t.tinyVit.numHeads == std::vector<int>{2, 4, 5, 10}));
    MINITEST_CHECK(SamConfig::forName("vit_l").has_value() && !SamConfig::forName("vit_x").has_value());
    MINITEST_CHECK(std::string(variantName(SamVariant::VitH)) == "vit_h");
}

MINITEST_CASE(vit_b_round_trip_through_state_dict)
{
    samtest::configureThreads();
    sd::Sam sam(SamConfig::vitB());
    const auto stateDict = sd::StateDictLoader::stateDictOf(sam);
    auto inferred = sd::ConfigInference::infer(stateDict);
    MINITEST_REQUIRE(inferred.ok());
    MINITEST_CHECK(inferred->variant == SamVariant::VitB);
    MINITEST_CHECK(inferred->vit.numHeads == 12 && inferred->vit.windowSize == 14);
    MINITEST_CHECK((inferred->vit.globalAttnIndexes == std::vector<int>{2, 5, 8, 11}));
    MINITEST_CHECK(inferred->preprocess == PreprocessKind::Sam && inferred->numMultimaskOutputs == 3);
}

MINITEST_CASE(infer_vit_mini)
{
    samtest::requireFixtures();
    auto config = sd::ConfigInference::infer(checkpoint("vit_mini"));
    MINITEST_REQUIRE(config.ok());
    MINITEST_CHECK(config->encoder == EncoderKind::Vit && config->variant == SamVariant::Custom);
    MINITEST_CHECK(config->vit.embedDim == 96 && config->vit.depth == 4 && config->vit.numHeads == 3);
    MINITEST_CHECK((config->vit.globalAttnIndexes == std::vector<int>{1, 3}));
    MINITEST_CHECK(config->vit.windowSize == 14 && config->vit.patchSize == 16 &&
                   config->vit.imageSize == 1024);
    MINITEST_CHECK(config->preprocess == PreprocessKind::Sam && !config->vit.normAfterWindowPartition);
    MINITEST_CHECK(config->peft.method == PeftMethod::None);
}

MINITEST_CASE(infer_vit_t)
{
    samtest::requireFixtures();
    auto config = sd::ConfigInference::infer(checkpoint("vit_t"));
    MINITEST_REQUIRE(config.ok());
    MINITEST_CHECK(config->variant == SamVariant::VitT);
    MINITEST_CHECK((config->tinyVit.depths == std::vector<int>{2, 2, 6, 2}));
    MINITEST_CHECK((config->tinyVit.windowSizes == std::vector<int>{7, 7, 14, 7}));
    MINITEST_CHECK(config->tinyVit.numClasses == 1000 && config->numMultimaskOutputs == 3);
}

MINITEST_CASE(infer_finetune_adapter_and_lora)
{
    samtest::requireFixtures();
    auto adapter = sd::ConfigInference::infer(checkpoint("ft_vit_t_adapter"));
    MINITEST_REQUIRE(adapter.ok());
    MINITEST_CHECK(adapter->peft.method == PeftMethod::Adapter);
    MINITEST_CHECK((adapter->peft.encoderLayers == std::vector<int>{1, 2}));
    MINITEST_CHECK((adapter->peft.decoderLayers == std::vector<int>{0, 1}));
    MINITEST_CHECK(adapter->numMultimaskOutputs == 2 && adapter->preprocess == PreprocessKind::FinetuneSam);

    auto lora = sd::ConfigInference::infer(checkpoint("ft_vit_mini_lora"));
    MINITEST_REQUIRE(lora.ok());
    MINITEST_CHECK(lora->peft.method == PeftMethod::Lora && lora->peft.rank == 4);
    MINITEST_CHECK((lora->peft.encoderLayers == std::vector<int>{0, 1}));
    MINITEST_CHECK((lora->peft.decoderLayers == std::vector<int>{0, 1}) && lora->peft.decoderFinalAttention);
    MINITEST_CHECK(lora->vit.normAfterWindowPartition && lora->vit.numHeads == 3);
}

MINITEST_CASE(strict_loading_names_the_first_bad_key)
{
    samtest::requireFixtures();
    auto stateDict = checkpoint("vit_mini");
    auto config = sd::ConfigInference::infer(stateDict);
    MINITEST_REQUIRE(config.ok());
    sd::Sam sam(*config);
    MINITEST_CHECK(sd::StateDictLoader::load(sam, stateDict).ok());
    MINITEST_CHECK(sd::StateDictLoader::stateDictOf(sam).size() ==
                   samtest::manifest()["models"]["vit_mini"]["n_keys"].get<std::size_t>());

    auto missing = stateDict;
    missing.erase(missing.begin() + 5);
    auto result = sd::StateDictLoader::load(sam, missing);
    MINITEST_REQUIRE(!result.ok());
    MINITEST_CHECK_MSG(result.error().detail.find("missing key " + stateDict[5].first) != std::string::npos,
                       result.error().detail);

    auto wrongShape = stateDict;
    wrongShape[3].second = torch::zeros({7});
    result = sd::StateDictLoader::load(sam, wrongShape);
    MINITEST_REQUIRE(!result.ok());
    MINITEST_CHECK_MSG(result.error().detail.find("shape mismatch for " + stateDict[3].first) !=
                           std::string::npos,
                       result.error().detail);

    auto extra = stateDict;
    extra.emplace_back("image_encoder.bogus", torch::zeros({1}));
    result = sd::StateDictLoader::load(sam, extra);
    MINITEST_REQUIRE(!result.ok());
    MINITEST_CHECK(result.error().detail.find("unexpected key image_encoder.bogus") != std::string::npos);
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
