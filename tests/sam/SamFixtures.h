#pragma once
// Access to the SAM golden fixtures (DELINEATE_SHARED_DIR/fixtures/sam) for the conformance
// tests: case tensors (<group>.pt), per-tensor tolerances (manifest.json) and the fixture models
// loaded from their checkpoints (*.pth). Everything is cached per process.

#include "ConfigInference.h"
#include "StateDictLoader.h"
#include "modeling/Sam.h"
#include "support/MiniTest.h"
#include "tensorio/TorchCheckpointReader.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <string>

namespace samtest {

inline std::string fixtureDir()
{
    return delineate::test::samFixtureDir();
}

inline void requireFixtures()
{
    MINITEST_REQUIRE_FILE(delineate::test::samFixture("manifest.json"));
}

inline const nlohmann::json& manifest()
{
    static const nlohmann::json json = [] {
        std::ifstream in(fixtureDir() + "/manifest.json");
        return nlohmann::json::parse(in);
    }();
    return json;
}

// All tensors of <group>.pt.
inline const std::map<std::string, torch::Tensor>& group(const std::string& name)
{
    static std::map<std::string, std::map<std::string, torch::Tensor>> cache;
    auto it = cache.find(name);
    if (it != cache.end())
        return it->second;
    std::ifstream in(fixtureDir() + "/" + name + ".pt", std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const c10::IValue value = torch::pickle_load(bytes);
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& entry : value.toGenericDict())
        tensors.emplace(entry.key().toStringRef(), entry.value().toTensor());
    return cache.emplace(name, std::move(tensors)).first->second;
}

inline torch::Tensor ref(const std::string& groupName, const std::string& tensor)
{
    const auto& tensors = group(groupName);
    auto it = tensors.find(tensor);
    if (it == tensors.end())
        throw minitest::FailureException{"fixture tensor " + groupName + "/" + tensor + " not found"};
    return it->second;
}

inline double atol(const std::string& groupName, const std::string& tensor)
{
    return manifest().at("groups").at(groupName).at("tensors").at(tensor).at("atol").get<double>();
}

// Max |actual - reference| (float64), or +inf on a shape mismatch.
inline double maxAbsDiff(const torch::Tensor& actual, const torch::Tensor& reference)
{
    const torch::Tensor a = actual.detach().to(torch::kCPU).to(torch::kDouble);
    const torch::Tensor r = reference.to(torch::kDouble);
    if (a.numel() != r.numel())
        return std::numeric_limits<double>::infinity();
    if (a.numel() == 0)
        return 0.0;
    return (a.reshape(-1) - r.reshape(-1)).abs().max().item<double>();
}

// Model <name> built from <name>.pth (config inferred from the checkpoint), eval mode.
inline std::shared_ptr<delineate::sam::detail::Sam> model(const std::string& name)
{
    static std::map<std::string, std::shared_ptr<delineate::sam::detail::Sam>> cache;
    auto it = cache.find(name);
    if (it != cache.end())
        return it->second;
    const std::string path = fixtureDir() + "/" + name + ".pth";
    auto stateDict = delineate::tensorio::loadTorchCheckpoint(path);
    if (!stateDict)
        throw minitest::FailureException{"cannot load " + path + ": " + stateDict.error().message()};
    auto config = delineate::sam::detail::ConfigInference::infer(*stateDict);
    if (!config)
        throw minitest::FailureException{"config inference failed: " + config.error().message()};
    auto sam = std::make_shared<delineate::sam::detail::Sam>(*config);
    auto loaded = delineate::sam::detail::StateDictLoader::load(*sam, *stateDict, {true, path});
    if (!loaded)
        throw minitest::FailureException{"loading failed: " + loaded.error().message()};
    sam->eval();
    return cache.emplace(name, sam).first->second;
}

// (1, 3, 1024, 1024) model input from the stored resized image of image A (or B).
torch::Tensor storedModelInput(const std::string& image, delineate::sam::PreprocessKind kind);

inline void configureThreads()
{
    const char* env = std::getenv("DELINEATE_TEST_THREADS");
    at::set_num_threads(env ? std::atoi(env) : 2);
}

} // namespace samtest

// Elementwise |actual - ref| <= manifest atol for <group>/<name>.
#define SAM_CHECK_CLOSE(groupName, tensorName, actual)                                                       \
    do {                                                                                                     \
        const double samDiff = ::samtest::maxAbsDiff((actual), ::samtest::ref((groupName), (tensorName)));   \
        const double samTol = ::samtest::atol((groupName), (tensorName));                                    \
        MINITEST_CHECK_MSG(samDiff <= samTol, (groupName) << "/" << (tensorName) << " max|diff| " << samDiff \
                                                          << " > atol " << samTol);                          \
    } while (0)
