// The adapter a Trainer saves is the model it trained: after a short prompt-free retrain with the fixture
// vit_t (random weights, fixtures/sam) on synthetic 128 x 128 slices, SamPredictor with the saved adapter
// (loadPeftWeights) gives the same held-out Dice in the trainer's measure as Trainer::evaluateDice, and the
// base predictor does not (so the check can fail). The trainer's measure: the 256 x 256 low-res logits > 0
// against the mask in that frame, mean of the slices' Dice (both empty = 1). For a 128 x 128 slice the
// model-input frame is the slice scaled by 8 (longest side 1024, no padding) and the low-res frame by 2, so
// the low-res reference is the mask with each pixel repeated 2 x 2 (by hand, not from the trainer's code).
//
// It also ties the other figure the user sees to the same predictions (issue 19's "Dice after" 0.206
// against the adapter's prompt-free 0.000): Dice at full resolution pooled over the slices, computed here
// by hand, is what fewshot::evaluatePrompts reports prompt-free (eval-model, `train --project`, the Retrain
// dock's held-out figures). So the two figures differ by the measure alone: low-res vs full resolution,
// and a mean in which a slice with an empty reference and an empty prediction counts 1 against a pooled
// Dice in which it counts nothing (the last held-out slice here has an empty reference).

#include "fewshot/PromptedEvaluation.h"
#include "sam/SamPredictor.h"
#include "support/MiniTest.h"
#include "support/TemporaryFolder.h"
#include "train/Trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

using namespace delineate;

namespace {

constexpr int kSize = 128;
constexpr int kLowRes = 256;

std::string checkpoint()
{
    return test::samFixture("vit_t.pth");
}

// A bright ellipse (centre and radii vary with i) on a noisy gradient; radius 0 gives an empty mask.
train::TrainingSlice ellipseSlice(int i, bool empty = false)
{
    train::TrainingSlice slice;
    slice.width = slice.height = kSize;
    slice.rgb.resize(static_cast<std::size_t>(kSize) * kSize * 3);
    slice.mask.resize(static_cast<std::size_t>(kSize) * kSize);
    std::mt19937 noise(static_cast<unsigned>(200 + i));
    std::normal_distribution<double> gaussian(0.0, 6.0);
    const double cx = kSize * (0.4 + 0.04 * i), cy = kSize * (0.5 - 0.03 * i);
    const double rx = kSize * (0.2 + 0.02 * i), ry = kSize * (0.26 - 0.015 * i);
    for (int y = 0; y < kSize; ++y)
        for (int x = 0; x < kSize; ++x) {
            const double dx = (x - cx) / rx, dy = (y - cy) / ry;
            const bool inside = !empty && dx * dx + dy * dy <= 1.0;
            const double value = 60.0 + 40.0 * x / kSize + (inside ? 120.0 : 0.0) + gaussian(noise);
            const auto v = static_cast<std::uint8_t>(std::clamp(value, 0.0, 255.0));
            const std::size_t p = static_cast<std::size_t>(y) * kSize + x;
            slice.rgb[p * 3] = slice.rgb[p * 3 + 1] = slice.rgb[p * 3 + 2] = v;
            slice.mask[p] = inside ? 1 : 0;
        }
    slice.description = "synthetic " + std::to_string(i);
    return slice;
}

struct Overlap {
    double intersection = 0, predicted = 0, reference = 0;
    [[nodiscard]] double dice() const
    {
        const double both = predicted + reference;
        return both == 0 ? 1.0 : 2.0 * intersection / both;
    }
};

// Low-res logits (256 x 256) > 0 against the slice's mask repeated 2 x 2.
Overlap lowResOverlap(const sam::SamPrediction& p, const train::TrainingSlice& slice)
{
    Overlap o;
    for (int v = 0; v < kLowRes; ++v)
        for (int u = 0; u < kLowRes; ++u) {
            const bool predicted = p.lowResMask(0)[static_cast<std::size_t>(v) * kLowRes + u] > 0.0F;
            const bool reference = slice.mask[static_cast<std::size_t>(v / 2) * kSize + u / 2] != 0;
            o.intersection += predicted && reference;
            o.predicted += predicted;
            o.reference += reference;
        }
    return o;
}

// Full-resolution mask (slice frame) > 0 against the slice's mask.
Overlap fullResOverlap(const sam::SamPrediction& p, const train::TrainingSlice& slice)
{
    Overlap o;
    for (std::size_t i = 0; i < slice.mask.size(); ++i) {
        const bool predicted = p.mask(0)[i] > 0.0F;
        const bool reference = slice.mask[i] != 0;
        o.intersection += predicted && reference;
        o.predicted += predicted;
        o.reference += reference;
    }
    return o;
}

struct Measures {
    double lowResMean = 0;  // the trainer's measure
    double fullResMean = 0; // mean of the slices' full-resolution Dice
    double fullResPooled = 0;
    double evaluatePromptsDice = 0; // fewshot::evaluatePrompts, prompt-free (eval-model's measure)
};

Measures measure(const std::string& adapter, const std::vector<train::TrainingSlice>& slices)
{
    sam::SamOptions options;
    options.device = sam::ComputeDevice::Cpu;
    auto predictor = sam::SamPredictor::fromCheckpoint(checkpoint(), options);
    MINITEST_REQUIRE(predictor.ok());
    if (!adapter.empty())
        MINITEST_REQUIRE(predictor->loadPeftWeights(adapter).ok());
    Measures m;
    Overlap pooled;
    for (const auto& slice : slices) {
        MINITEST_REQUIRE(predictor->setImage({slice.rgb.data(), slice.width, slice.height, 3}).ok());
        auto prediction = predictor->predictAutomatic();
        MINITEST_REQUIRE(prediction.ok());
        m.lowResMean += lowResOverlap(*prediction, slice).dice() / static_cast<double>(slices.size());
        const Overlap full = fullResOverlap(*prediction, slice);
        m.fullResMean += full.dice() / static_cast<double>(slices.size());
        pooled.intersection += full.intersection;
        pooled.predicted += full.predicted;
        pooled.reference += full.reference;
    }
    m.fullResPooled = pooled.dice();
    fewshot::PromptEvaluationOptions evaluation;
    evaluation.kinds = {fewshot::PromptKind::None};
    auto scores = fewshot::evaluatePrompts(*predictor, slices, evaluation);
    MINITEST_REQUIRE(scores.ok() && scores->size() == 1);
    m.evaluatePromptsDice = scores->front().dice();
    return m;
}

} // namespace

MINITEST_CASE(saved_adapter_reproduces_the_trainers_held_out_dice)
{
    MINITEST_REQUIRE_FILE(checkpoint());
    std::vector<train::TrainingSlice> training, heldOut;
    for (int i = 0; i < 4; ++i)
        training.push_back(ellipseSlice(i));
    heldOut = {ellipseSlice(4), ellipseSlice(5), ellipseSlice(6, true)}; // the last one's reference is empty
    train::TrainingSettings settings = train::TrainingSettings::quickCpu();
    settings.maxIterations = 30;
    settings.maxSeconds = 3600;
    const char* threads = std::getenv("DELINEATE_TEST_THREADS");
    settings.threads = threads ? std::atoi(threads) : 2;
    train::Trainer trainer(settings);
    MINITEST_REQUIRE(trainer.loadBaseCheckpoint(checkpoint()).ok());
    auto before = trainer.evaluateDice(heldOut);
    MINITEST_REQUIRE(before.ok());
    auto report = trainer.train(training, heldOut);
    MINITEST_REQUIRE(report.ok());
    auto after = trainer.evaluateDice(heldOut);
    MINITEST_REQUIRE(after.ok());
    const test::TemporaryFolder folder;
    const std::string path = folder.file("adapter.safetensors");
    MINITEST_REQUIRE(trainer.saveWeights(path, {"ellipse", {}, {}}).ok());

    const Measures base = measure({}, heldOut);
    const Measures adapted = measure(path, heldOut);
    std::printf("    trainer's Dice (low-res mean) %.4f -> %.4f after %d iterations\n", *before, *after,
                report->iterations);
    std::printf("    predictor, base:    low-res mean %.4f, full-res mean %.4f, full-res pooled %.4f, "
                "evaluatePrompts %.4f\n",
                base.lowResMean, base.fullResMean, base.fullResPooled, base.evaluatePromptsDice);
    std::printf("    predictor, adapter: low-res mean %.4f, full-res mean %.4f, full-res pooled %.4f, "
                "evaluatePrompts %.4f\n",
                adapted.lowResMean, adapted.fullResMean, adapted.fullResPooled, adapted.evaluatePromptsDice);
    // Same model, same slices, same measure: the trainer's figure.
    MINITEST_CHECK_MSG(std::abs(adapted.lowResMean - *after) < 1e-3, adapted.lowResMean << " vs " << *after);
    // The base model agrees only to about 0.003 (session 10: predictor 0.1948, trainer 0.1977): its random
    // logits sit near 0, so a small difference between the two paths flips pixels. Which one (the input
    // resize, or the trainer's freshly added adapter layers) is not pinned down here.
    MINITEST_CHECK_MSG(std::abs(base.lowResMean - *before) < 0.01, base.lowResMean << " vs " << *before);
    // The eval-model figure is the pooled full-resolution Dice of the same predictions.
    MINITEST_CHECK_MSG(std::abs(base.fullResPooled - base.evaluatePromptsDice) < 1e-9,
                       base.fullResPooled << " vs " << base.evaluatePromptsDice);
    MINITEST_CHECK_MSG(std::abs(adapted.fullResPooled - adapted.evaluatePromptsDice) < 1e-9,
                       adapted.fullResPooled << " vs " << adapted.evaluatePromptsDice);
    // The check can fail: training moved the trainer's Dice, so the base model's figure differs.
    MINITEST_CHECK_MSG(std::abs(*after - *before) > 0.05, *before << " -> " << *after);
}

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
