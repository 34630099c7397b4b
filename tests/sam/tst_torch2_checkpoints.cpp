// Checkpoints written by current PyTorch load and predict as the fixtures do.
//
// The files are made at test time by the project's Python environment (packaging/torch-venv.sh: PyPI's torch
// 2.x and the official segment-anything package) with tests/sam/torch2_checkpoints.py, which says what each
// file holds: MobileSAM, SAM (built by segment_anything's own builder) and finetune-SAM state dicts, a whole
// training checkpoint holding nn.Parameters and an optimizer state, bfloat16 / float16 casts made by torch
// with their expected bit patterns, and a pre-1.6 legacy file. Expected values come from torch (the fixtures,
// written by torch 1.13; the bit patterns and widened copies, written by torch 2.x), never from our own
// reader's output. Without the environment the test skips (a failure under DELINEATE_REQUIRE_DATA=1, as in
// CI).

#include "SamFixtures.h"
#include "sam/SamPredictor.h"
#include "support/TemporaryFolder.h"
#include "tensorio/TorchCheckpointReader.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

using namespace delineate;

namespace {

std::string venvPython()
{
    if (const char* python = std::getenv("DELINEATE_VENV_PYTHON"); python && *python)
        return python;
    return DELINEATE_SOURCE_DIR "/.venv/bin/python3";
}

// A folder with the files of one group written by torch2_checkpoints.py (removed when the case ends: the
// test holds at most one group's files, about 80 MB, on disk).
std::unique_ptr<test::TemporaryFolder> torch2Files(const std::string& group)
{
    samtest::requireFixtures();
    const std::string python = venvPython();
    if (!std::filesystem::exists(python))
        MINITEST_SKIP("no project Python environment at " + python +
                      " (make it with packaging/torch-venv.sh)");
    auto folder = std::make_unique<test::TemporaryFolder>();
    const std::string command = "'" + python +
                                "' '" DELINEATE_SOURCE_DIR "/tests/sam/torch2_checkpoints.py' '" +
                                samtest::fixtureDir() + "' '" + folder->path().string() + "' " + group;
    std::printf("    %s\n", command.c_str());
    std::fflush(stdout);
    if (std::system(command.c_str()) != 0)
        throw minitest::FailureException{"torch2_checkpoints.py failed: " + command};
    return folder;
}

tensorio::StateDict load(const std::string& path)
{
    auto loaded = tensorio::loadTorchCheckpoint(path);
    if (!loaded)
        throw minitest::FailureException{"cannot load " + path + ": " + loaded.error().message()};
    return std::move(loaded).value();
}

// Same names in the same order, same dtypes and shapes, bit-identical contents.
void checkIdentical(const tensorio::StateDict& actual, const tensorio::StateDict& expected)
{
    MINITEST_REQUIRE(actual.size() == expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
        const auto& [name, tensor] = actual[i];
        MINITEST_CHECK_MSG(name == expected[i].first, name << " != " << expected[i].first);
        MINITEST_CHECK_MSG(tensor.scalar_type() == expected[i].second.scalar_type() &&
                               tensor.sizes() == expected[i].second.sizes() &&
                               tensor.equal(expected[i].second),
                           name << " differs");
    }
}

// Low-resolution logits of a point prompt on fixture image A (multimask, three masks).
torch::Tensor pointLogits(const std::string& checkpoint)
{
    sam::SamOptions options;
    options.device = sam::ComputeDevice::Cpu;
    options.threads = 2;
    auto predictor = sam::SamPredictor::fromCheckpoint(checkpoint, options);
    if (!predictor)
        throw minitest::FailureException{"cannot load " + checkpoint + ": " + predictor.error().message()};
    const torch::Tensor pixels = samtest::ref("common", "a.A.image_u8").contiguous();
    const sam::SamImage image{pixels.data_ptr<std::uint8_t>(), static_cast<int>(pixels.size(1)),
                              static_cast<int>(pixels.size(0)), 1};
    MINITEST_REQUIRE(predictor->setImage(image));
    auto prediction = predictor->predict(sam::SamPrompt{{{52, 41, 1}}, std::nullopt, {}}, true);
    MINITEST_REQUIRE(prediction);
    return torch::from_blob(prediction->lowResMasks.data(),
                            {static_cast<long>(prediction->lowResMasks.size())}, torch::kFloat)
        .clone();
}

std::string fixture(const std::string& name)
{
    return samtest::fixtureDir() + "/" + name;
}

} // namespace

MINITEST_CASE(mobileSamStateDictSavedByTorch2)
{
    const auto folder = torch2Files("mobilesam");
    const auto& files = *folder;
    checkIdentical(load(files.file("mobilesam_state_dict.pth")), load(fixture("vit_t.pth")));
    MINITEST_CHECK(
        pointLogits(files.file("mobilesam_state_dict.pth")).equal(pointLogits(fixture("vit_t.pth"))));
}

MINITEST_CASE(samStateDictFromTheOfficialBuilder)
{
    const auto folder = torch2Files("sam");
    const auto& files = *folder;
    checkIdentical(load(files.file("sam_state_dict.pth")), load(fixture("vit_mini.pth")));
    MINITEST_CHECK(pointLogits(files.file("sam_state_dict.pth")).equal(pointLogits(fixture("vit_mini.pth"))));
}

MINITEST_CASE(wholeTrainingCheckpointWithParameters)
{
    const auto folder = torch2Files("training");
    const auto& files = *folder;
    // The reader takes the "model" entry (nn.Parameters, rebuilt by torch._utils._rebuild_parameter) and
    // passes over the optimizer state, epoch, scores and arguments.
    checkIdentical(load(files.file("finetune_training.pth")), load(fixture("ft_vit_t_adapter.pth")));
    MINITEST_CHECK(
        pointLogits(files.file("finetune_training.pth")).equal(pointLogits(fixture("ft_vit_t_adapter.pth"))));
}

MINITEST_CASE(halfPrecisionCheckpoints)
{
    for (const auto& [name, dtype] : {std::pair{"bf16", at::kBFloat16}, std::pair{"fp16", at::kHalf}}) {
        const auto folder = torch2Files(name);
        const auto& files = *folder;
        const std::string stem = std::string("mobilesam_") + name;
        const tensorio::StateDict low = load(files.file(stem + ".pth"));
        const tensorio::StateDict bits = load(files.file(stem + "_bits.pth"));
        std::size_t compared = 0;
        for (const auto& [key, tensor] : low) {
            if (!tensor.is_floating_point())
                continue;
            MINITEST_CHECK_MSG(tensor.scalar_type() == dtype, key << " loads as " << tensor.scalar_type());
            const auto expected =
                std::find_if(bits.begin(), bits.end(), [&](const auto& e) { return e.first == key; });
            MINITEST_REQUIRE(expected != bits.end());
            MINITEST_CHECK_MSG(tensor.view(at::kShort).equal(expected->second),
                               key << ": bits differ from torch's");
            ++compared;
        }
        MINITEST_CHECK(compared == bits.size() && compared > 400);
        // A model loaded from the half-precision file predicts as one loaded from torch's float32 widening of
        // it.
        MINITEST_CHECK(
            pointLogits(files.file(stem + ".pth")).equal(pointLogits(files.file(stem + "_as_fp32.pth"))));
    }
}

MINITEST_CASE(legacyFormatSaysHowToResave)
{
    const auto folder = torch2Files("legacy");
    const auto& files = *folder;
    const auto legacy = tensorio::loadTorchCheckpoint(files.file("legacy.pth"));
    MINITEST_REQUIRE(!legacy);
    const std::string message = legacy.error().message();
    std::printf("    %s\n", message.c_str());
    MINITEST_CHECK(legacy.error().code == ErrorCode::UnsupportedFormat);
    MINITEST_CHECK(message.find("legacy.pth") != std::string::npos);
    MINITEST_CHECK(message.find("torch.save(torch.load(") != std::string::npos);
    MINITEST_CHECK(message.find('\n') == std::string::npos);
}

int main(int argc, char** argv)
{
    samtest::configureThreads();
    return minitest::runAll(argc, argv);
}
