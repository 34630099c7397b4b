// Config inference against hostile shapes (issue 14, point 2): every tensor it reads, given a
// random rank and random sizes (seeded), yields either a config that builds a model or a one-line
// error naming the key; crafted checkpoint files (0-d / 1-d tokens and neck, 100,000 mask tokens)
// are refused by SamModel::fromCheckpoint with the file, the key and the shape in one line, before
// any model is allocated. Expected outcomes are hand-derived from the tensors' meaning in
// segment-anything (mask_tokens (outputs + 1, D), iou_token (1, D), neck.0 (D, C, 1, 1)).

#include "CraftedCheckpoint.h"
#include "SamFixtures.h"
#include "sam/SamModel.h"
#include "support/TemporaryFolder.h"

#include <random>
#include <regex>

using namespace delineate::sam;
namespace sd = delineate::sam::detail;
using delineate::tensorio::StateDict;

namespace {

SamConfig smallVit()
{
    SamConfig config = SamConfig::vitB();
    config.variant = SamVariant::Custom;
    config.vit.embedDim = 32;
    config.vit.depth = 2;
    config.vit.numHeads = 2;
    config.vit.globalAttnIndexes = {1};
    config.decoderMlpDim = 64;
    return config;
}

SamConfig smallVitWithLora()
{
    SamConfig config = smallVit();
    config.numMultimaskOutputs = 2;
    config.peft.method = PeftMethod::Lora;
    config.peft.rank = 4;
    config.peft.encoderLayers = {0, 1};
    config.peft.decoderLayers = {0, 1};
    return config;
}

StateDict stateDictOf(const SamConfig& config)
{
    torch::manual_seed(1);
    sd::Sam sam(config);
    StateDict dict;
    for (auto& [key, tensor] : sd::StateDictLoader::stateDictOf(sam))
        dict.emplace_back(key, tensor.detach().clone());
    return dict;
}

// The keys whose shapes ConfigInference reads (ConfigInference.cpp), as patterns.
bool readByInference(const std::string& key)
{
    static const std::regex pattern(
        R"(image_encoder\.(patch_embed\.proj\.weight|pos_embed|neck\.0\.weight|head\.weight)|)"
        R"(image_encoder\.blocks\.\d+\.(attn\.qkv\.weight|attn\.qkv\.qkv\.weight|attn\.rel_pos_h|mlp\.lin1\.weight|)"
        R"(attn\.qkv\.linear_a_q\.weight)|)"
        R"(image_encoder\.layers\.\d+\.blocks\.0\.(conv1\.c\.weight|attn\.proj\.weight|attn\.attention_biases|)"
        R"(mlp\.fc1\.weight|local_conv\.c\.weight|attn\.qkv\.linear_a_q\.weight)|)"
        R"(mask_decoder\.(iou_token\.weight|mask_tokens\.weight|transformer\.layers\.0\.mlp\.lin1\.weight|)"
        R"(transformer\.layers\.\d+\.self_attn\.q_proj\.w_a\.weight)|)"
        R"(prompt_encoder\.mask_downscaling\.3\.weight)");
    return std::regex_match(key, pattern);
}

std::vector<std::int64_t> randomShape(std::mt19937& random, const std::vector<std::int64_t>& original)
{
    const int rank = std::uniform_int_distribution<int>(0, 5)(random);
    std::vector<std::int64_t> shape;
    double numel = 1;
    for (int d = 0; d < rank; ++d) {
        const std::int64_t like = original.empty() ? 1 : original[random() % original.size()];
        const std::int64_t choices[] = {0,
                                        1,
                                        2,
                                        3,
                                        like,
                                        like + 1,
                                        like - 1,
                                        2 * like,
                                        100000,
                                        1000000,
                                        std::uniform_int_distribution<std::int64_t>(1, 5000)(random)};
        std::int64_t size = choices[random() % std::size(choices)];
        if (numel * static_cast<double>(std::max<std::int64_t>(size, 1)) > 1e15)
            size = 1;
        numel *= static_cast<double>(std::max<std::int64_t>(size, 1));
        shape.push_back(size);
    }
    return shape;
}

// A valid config builds a model, and strict loading of the mutated dict into it either works or
// fails with one line; an error is one line naming a key of the checkpoint.
void checkOutcome(const StateDict& dict, const std::string& mutated, const std::string& what)
{
    auto config = sd::ConfigInference::infer(dict);
    if (!config) {
        const std::string detail = config.error().detail;
        MINITEST_CHECK_MSG(!detail.empty() && detail.find('\n') == std::string::npos, what + ": " + detail);
        MINITEST_CHECK_MSG(detail.find("image_encoder.") != std::string::npos ||
                               detail.find("mask_decoder.") != std::string::npos ||
                               detail.find("prompt_encoder.") != std::string::npos ||
                               detail.find("the file holds") != std::string::npos,
                           what + ": error names no key: " + detail);
        return;
    }
    try {
        sd::Sam sam(*config);
        auto loaded = sd::StateDictLoader::load(sam, dict, {true, "x.pth"});
        if (!loaded)
            MINITEST_CHECK_MSG(loaded.error().detail.find('\n') == std::string::npos, what);
    } catch (const std::exception& e) {
        MINITEST_CHECK_MSG(false, what + " (" + mutated + "): inferred config does not build: " + e.what());
    }
}

void runProperty(const StateDict& base, std::uint32_t seed, int trials)
{
    std::vector<std::size_t> readKeys;
    for (std::size_t i = 0; i < base.size(); ++i)
        if (readByInference(base[i].first))
            readKeys.push_back(i);
    MINITEST_REQUIRE(readKeys.size() >= 8);
    std::mt19937 random(seed);
    // Every key alone: 0-d, 1-d, and each random shape.
    for (std::size_t index : readKeys) {
        for (const std::vector<std::int64_t>& shape :
             {std::vector<std::int64_t>{}, std::vector<std::int64_t>{7},
              std::vector<std::int64_t>{1000000}}) {
            StateDict dict = base;
            dict[index].second = torch::zeros({}).expand(shape);
            checkOutcome(dict, dict[index].first,
                         "key " + dict[index].first + " shape " + std::to_string(shape.size()) + "-d");
        }
    }
    for (int trial = 0; trial < trials; ++trial) {
        StateDict dict = base;
        std::string mutated;
        const int count = std::uniform_int_distribution<int>(1, 3)(random);
        for (int k = 0; k < count; ++k) {
            const std::size_t index = readKeys[random() % readKeys.size()];
            if (random() % 8 == 0) {
                mutated += " drop " + dict[index].first;
                dict.erase(dict.begin() + static_cast<std::ptrdiff_t>(index));
                break;
            }
            dict[index].second =
                torch::zeros({}).expand(randomShape(random, base[index].second.sizes().vec()));
            mutated += " " + dict[index].first + sd::shapeString(dict[index].second);
        }
        if (random() % 10 == 0)
            dict.emplace_back("image_encoder.blocks.99999.attn.qkv.weight", torch::zeros({3}));
        checkOutcome(dict, mutated, "seed " + std::to_string(seed) + " trial " + std::to_string(trial));
    }
}

} // namespace

MINITEST_CASE(unmutated_small_models_infer_their_own_config)
{
    for (const SamConfig& config : {smallVit(), smallVitWithLora(), SamConfig::vitT()}) {
        auto inferred = sd::ConfigInference::infer(stateDictOf(config));
        MINITEST_CHECK_MSG(inferred.ok(), inferred.ok() ? std::string() : inferred.error().message());
        MINITEST_REQUIRE(inferred.ok());
        MINITEST_CHECK(inferred->encoder == config.encoder &&
                       inferred->promptEmbedDim == config.promptEmbedDim);
        MINITEST_CHECK(inferred->numMultimaskOutputs == config.numMultimaskOutputs);
        MINITEST_CHECK(inferred->peft.method == config.peft.method &&
                       inferred->peft.rank == config.peft.rank);
    }
}

MINITEST_CASE(random_ranks_and_shapes_of_every_read_key_vit)
{
    samtest::configureThreads();
    runProperty(stateDictOf(smallVit()), 20261206u, 400);
}

MINITEST_CASE(random_ranks_and_shapes_of_every_read_key_vit_lora)
{
    samtest::configureThreads();
    runProperty(stateDictOf(smallVitWithLora()), 14u, 300);
}

MINITEST_CASE(random_ranks_and_shapes_of_every_read_key_tiny_vit)
{
    samtest::configureThreads();
    runProperty(stateDictOf(SamConfig::vitT()), 2u, 300);
}

MINITEST_CASE(crafted_checkpoint_files_are_refused_in_one_line)
{
    const StateDict base = stateDictOf(smallVit());
    delineate::test::TemporaryFolder folder;
    struct Case {
        std::string key;
        std::vector<std::int64_t> shape;
        std::string found;
    };
    const std::vector<Case> cases{
        {"mask_decoder.iou_token.weight", {}, "[] (0-d)"},
        {"mask_decoder.iou_token.weight", {256}, "[256] (1-d)"},
        {"mask_decoder.mask_tokens.weight", {}, "[] (0-d)"},
        {"mask_decoder.mask_tokens.weight", {4}, "[4] (1-d)"},
        {"mask_decoder.mask_tokens.weight", {100000, 256}, "[100000, 256]"},
        {"image_encoder.neck.0.weight", {}, "[] (0-d)"},
        {"image_encoder.neck.0.weight", {256}, "[256] (1-d)"},
        {"image_encoder.neck.0.weight", {1000000, 32, 1, 1}, "[1000000, 32, 1, 1]"},
    };
    int n = 0;
    for (const Case& c : cases) {
        StateDict dict = base;
        for (auto& [key, tensor] : dict)
            if (key == c.key)
                tensor = torch::zeros({}).expand(c.shape);
        const std::string path = folder.file("crafted" + std::to_string(n++) + ".pth");
        samtest::writeCheckpoint(path, dict);
        auto model = SamModel::fromCheckpoint(path);
        MINITEST_CHECK_MSG(!model.ok(), c.key + " " + c.found + " was accepted");
        MINITEST_REQUIRE(!model.ok());
        const std::string message = model.error().message();
        MINITEST_CHECK_MSG(message.find('\n') == std::string::npos, message);
        MINITEST_CHECK_MSG(message.find(path) == 0, message);
        MINITEST_CHECK_MSG(message.find(c.key + " has shape " + c.found + ", expected") != std::string::npos,
                           message);
    }
    // The untouched dict, written the same way, loads: the refusals above come from the shapes.
    const std::string good = folder.file("good.pth");
    samtest::writeCheckpoint(good, base);
    auto model = SamModel::fromCheckpoint(good);
    MINITEST_CHECK_MSG(model.ok(), model.ok() ? std::string() : model.error().message());
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
