// Training-step conformance of delineate_train against the finetune-SAM fixtures
// (fixtures/sam/README.md, "How a C++ test should use them", point 7; manifest
// models.<m>.training_step): one prompt-free training step of ft_vit_t_adapter (TinyViT +
// adapters, BatchNorm in train mode) and ft_vit_mini_lora (ViT + LoRA, 21 trainable parameters
// without a gradient): forward, Dice + CE loss, gradients, one AdamW step, BatchNorm buffers.

#include "SamFixtures.h"
#include "SegmentationLoss.h"

#include <cmath>
#include <set>

using delineate::sam::PreprocessKind;
namespace samdetail = delineate::sam::detail;

namespace {

constexpr double kLearningRate = 5e-6; // finetune-SAM's first warm-up step: 1e-3 / 200
constexpr double kWeightDecay = 0.1;

// A fresh (uncached) model: the step mutates parameters and buffers.
std::shared_ptr<samdetail::Sam> freshModel(const std::string& name)
{
    const std::string path = samtest::fixtureDir() + "/" + name + ".pth";
    auto stateDict = delineate::tensorio::loadTorchCheckpoint(path);
    MINITEST_REQUIRE(stateDict.ok());
    auto config = samdetail::ConfigInference::infer(*stateDict);
    MINITEST_REQUIRE(config.ok());
    auto sam = std::make_shared<samdetail::Sam>(*config);
    auto loaded = samdetail::StateDictLoader::load(*sam, *stateDict, {true, path});
    MINITEST_REQUIRE(loaded.ok());
    return sam;
}

std::vector<std::string> manifestStrings(const std::string& model, const std::string& field)
{
    return samtest::manifest()
        .at("models")
        .at(model)
        .at("training_step")
        .at(field)
        .get<std::vector<std::string>>();
}

// Exactly the manifest's trainable parameters require grad; returns them in manifest order.
std::vector<torch::Tensor> selectTrainable(samdetail::Sam& sam, const std::vector<std::string>& trainable)
{
    const std::set<std::string> wanted(trainable.begin(), trainable.end());
    std::map<std::string, torch::Tensor> byName;
    for (auto& item : sam.named_parameters()) {
        item.value().set_requires_grad(wanted.count(item.key()) > 0);
        byName.emplace(item.key(), item.value());
    }
    std::vector<torch::Tensor> ordered;
    for (const std::string& name : trainable) {
        auto it = byName.find(name);
        MINITEST_CHECK_MSG(it != byName.end(), "trainable parameter missing from the model: " << name);
        if (it != byName.end())
            ordered.push_back(it->second);
    }
    return ordered;
}

torch::Tensor namedBuffer(samdetail::Sam& sam, const std::string& name)
{
    for (auto& item : sam.named_buffers())
        if (item.key() == name)
            return item.value();
    throw minitest::FailureException{"buffer not found: " + name};
}

void checkGradNorms(const std::string& group, const std::vector<torch::Tensor>& params)
{
    const torch::Tensor reference = samtest::ref(group, "e.trainable_grad_norms").to(torch::kDouble);
    MINITEST_REQUIRE(reference.numel() == static_cast<std::int64_t>(params.size()));
    const double tol = samtest::atol(group, "e.trainable_grad_norms");
    double worst = 0.0;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const double expected = reference[static_cast<std::int64_t>(i)].item<double>();
        const bool hasGrad = params[i].grad().defined();
        MINITEST_CHECK_MSG(hasGrad == !std::isnan(expected), "grad presence differs for trainable #" << i);
        if (hasGrad && !std::isnan(expected))
            worst = std::max(worst,
                             std::abs(params[i].grad().to(torch::kDouble).norm().item<double>() - expected));
    }
    MINITEST_CHECK_MSG(worst <= tol, group << " grad norms max|diff| " << worst << " > " << tol);
}

// README: compare `after` with atol where |grad_ref| >= grad_mask, with 2*lr elsewhere; and the
// update (after - before) against the reference update.
void checkAdamWStep(const std::string& group, const std::string& name, const torch::Tensor& before,
                    const torch::Tensor& after)
{
    const std::string prefix = "e.param." + name;
    const auto& entry = samtest::manifest().at("groups").at(group).at("tensors").at(prefix + ".after");
    const double gradMask = entry.at("grad_mask").get<double>();
    const double tol = entry.at("atol").get<double>();
    const torch::Tensor gradRef = samtest::ref(group, prefix + ".grad").to(torch::kDouble);
    const torch::Tensor afterRef = samtest::ref(group, prefix + ".after").to(torch::kDouble);
    const torch::Tensor diff = (after.detach().to(torch::kDouble) - afterRef).abs();
    const torch::Tensor strong = gradRef.abs().ge(gradMask);
    const double strongDiff =
        diff.masked_select(strong).numel() ? diff.masked_select(strong).max().item<double>() : 0.0;
    const torch::Tensor weak = strong.logical_not();
    const double weakDiff =
        diff.masked_select(weak).numel() ? diff.masked_select(weak).max().item<double>() : 0.0;
    MINITEST_CHECK_MSG(strongDiff <= tol,
                       group << "/" << prefix << ".after max|diff| " << strongDiff << " > " << tol);
    MINITEST_CHECK_MSG(weakDiff <= 2 * kLearningRate,
                       group << "/" << prefix << ".after (|grad| < mask) max|diff| " << weakDiff);
    const torch::Tensor updateRef = afterRef - samtest::ref(group, prefix + ".before").to(torch::kDouble);
    const torch::Tensor update = after.detach().to(torch::kDouble) - before.to(torch::kDouble);
    const double updateDiff = (update - updateRef).abs().masked_select(strong).numel()
                                  ? (update - updateRef).abs().masked_select(strong).max().item<double>()
                                  : 0.0;
    MINITEST_CHECK_MSG(updateDiff <= tol, group << "/" << prefix << " update max|diff| " << updateDiff);
}

void runTrainingStep(const std::string& group)
{
    samtest::requireFixtures();
    samtest::configureThreads();
    auto sam = freshModel(group);
    sam->train();
    const std::vector<std::string> trainableNames = manifestStrings(group, "trainable");
    const std::vector<torch::Tensor> trainable = selectTrainable(*sam, trainableNames);
    MINITEST_REQUIRE(trainable.size() == trainableNames.size());

    const bool tinyVit = sam->config().encoder == delineate::sam::EncoderKind::TinyVit;
    const std::string bnPrefix = "image_encoder.patch_embed.seq.0.bn.";
    if (tinyVit) {
        SAM_CHECK_CLOSE(group, "e.buffer." + bnPrefix + "running_mean.before",
                        namedBuffer(*sam, bnPrefix + "running_mean"));
        SAM_CHECK_CLOSE(group, "e.buffer." + bnPrefix + "running_var.before",
                        namedBuffer(*sam, bnPrefix + "running_var"));
    }
    std::map<std::string, torch::Tensor> before;
    for (const std::string& name : manifestStrings(group, "sampled")) {
        before[name] = sam->named_parameters()[name].detach().clone();
        SAM_CHECK_CLOSE(group, "e.param." + name + ".before", before[name]);
    }

    const torch::Tensor input = torch::cat({samtest::storedModelInput("A", PreprocessKind::FinetuneSam),
                                            samtest::storedModelInput("B", PreprocessKind::FinetuneSam)});
    const torch::Tensor target = samtest::ref("common", "e.train.msks_256").to(torch::kLong);

    const torch::Tensor embedding = sam->imageEncoder().forward(input);
    SAM_CHECK_CLOSE(group, "e.train_image_embedding.chan_mean", embedding.detach().mean({2, 3}));
    const auto [sparse, dense] = sam->promptEncoder()->forward({});
    const auto [logits, iou] =
        sam->maskDecoder()->forward(embedding, sam->promptEncoder()->densePe(), sparse, dense, true);
    MINITEST_REQUIRE(logits.sizes() == torch::IntArrayRef({2, 2, 256, 256}));
    SAM_CHECK_CLOSE(group, "e.pred.crop_tl", logits.detach().slice(2, 0, 32).slice(3, 0, 32));

    const delineate::train::LossTerms loss = delineate::train::segmentationLoss(logits, target);
    SAM_CHECK_CLOSE(group, "e.loss", loss.total);
    SAM_CHECK_CLOSE(group, "e.loss_dice", loss.dice);
    SAM_CHECK_CLOSE(group, "e.loss_ce", loss.crossEntropy);

    loss.total.backward();
    checkGradNorms(group, trainable);
    for (const auto& [name, value] : before)
        SAM_CHECK_CLOSE(group, "e.param." + name + ".grad", sam->named_parameters()[name].grad());
    const auto noGrad = manifestStrings(group, "grad_is_none");
    for (const std::string& name : noGrad)
        MINITEST_CHECK_MSG(!sam->named_parameters()[name].grad().defined(), name << " has a gradient");

    // finetune-SAM: AdamW over all parameters; those without grad are skipped (no decay).
    torch::optim::AdamW optimizer(trainable, torch::optim::AdamWOptions(kLearningRate)
                                                 .betas({0.9, 0.999})
                                                 .eps(1e-8)
                                                 .weight_decay(kWeightDecay)
                                                 .amsgrad(false));
    std::map<std::string, torch::Tensor> noGradBefore;
    for (const std::string& name : noGrad)
        noGradBefore[name] = sam->named_parameters()[name].detach().clone();
    optimizer.step();
    for (const auto& [name, value] : before)
        checkAdamWStep(group, name, value, sam->named_parameters()[name]);
    for (const auto& [name, value] : noGradBefore)
        MINITEST_CHECK_MSG(torch::equal(value, sam->named_parameters()[name]),
                           name << " changed without a gradient");

    if (tinyVit) {
        SAM_CHECK_CLOSE(group, "e.buffer." + bnPrefix + "running_mean.after",
                        namedBuffer(*sam, bnPrefix + "running_mean"));
        SAM_CHECK_CLOSE(group, "e.buffer." + bnPrefix + "running_var.after",
                        namedBuffer(*sam, bnPrefix + "running_var"));
    }
}

} // namespace

MINITEST_CASE(ft_vit_t_adapter_training_step)
{
    runTrainingStep("ft_vit_t_adapter");
}

MINITEST_CASE(ft_vit_mini_lora_training_step)
{
    runTrainingStep("ft_vit_mini_lora");
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
