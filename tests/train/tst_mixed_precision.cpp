// The training step under bfloat16 autocast (TrainingSettings::precision) against the same step in float32,
// on the CPU with autocast forced on (no GPU here: the mechanics are the same on CUDA), with the fixture
// MobileSAM vit_t (random weights, fixtures/sam) on two synthetic slices, one iteration each:
//   - the loss stays within the bfloat16 tolerance below of the float32 loss;
//   - the updated adapter weights stay within the tolerance of AdamW's first step (below);
//   - the master weights stay float32 (the saved tensors, before and after the step);
//   - the CPU keeps float32 unless the setting asks (Auto, the Best preset's precision, gives float32 here).
// LibTorch 1.x refuses bfloat16 training on the CPU with one clear error (its CPU norm kernels reject
// bfloat16 input with float32 weights); that build checks the error instead of the comparison, and that
// LibTorch's own layer_norm under CPU autocast still rejects what a linear layer hands it (else the guard is
// stale).
//
// Tolerances, from bfloat16's 8-bit significand (7 stored bits + the implicit one): each rounding to bfloat16
// has a relative error of at most u = 2^-8 = 0.39%. Autocast rounds the inputs of every matrix product and
// convolution (accumulation stays float32), so a logit passes through d such roundings along its longest
// path; independent rounding errors add up like a random walk to about sqrt(d) * u. The mask decoder with its
// adapters has d = 43 (two two-way blocks of 4 attentions x 4 products, 2 MLP and 4 adapter linears each, the
// final attention's 4, 2 transposed convolutions, 1 mask product); the TinyViT encoder adds about 105
// (convolutions of the patch embedding, MBConv and merging layers; 7-9 products per transformer block).
// The loss is a mean over 2 x 256 x 256 pixels of these logits, so its relative error is at most that of the
// logits: tolerance sqrt(d) * u (decoder 6.6 u = 2.6%; encoder + decoder sqrt(148) u = 12.2 u = 4.8%).
// Updated weights: AdamW's first step moves each weight by lr * g / (|g| + eps) = lr * sign(g) (bias
// correction makes m = g and v = g^2) plus the same decay in both runs, so the gradient's relative error
// cannot change a step, only its sign where |g| is below the gradient's error (about sqrt(d) * u of its rms).
// Hence: every weight within 2 lr of the float32 run (a flipped sign, nothing more), every other weight
// within float32 rounding (1e-6 relative + 1e-3 lr), and the share of flipped weights at most that of
// gradients within sqrt(d) * u * rms(g) of zero: for a density near zero of at most 1/rms (twice a
// Gaussian's), at most 2 sqrt(d) u (decoder 5.2%, encoder + decoder 9.5%).

#include "EllipseSlice.h"
#include "support/MiniTest.h"
#include "support/TemporaryFolder.h"
#include "tensorio/Safetensors.h"
#include "train/Trainer.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>

using namespace delineate::train;

namespace {

constexpr double kUnitRoundoff = 1.0 / 256.0; // bfloat16: 8 significant bits
constexpr double kLearningRate = 1e-3;
constexpr int kDecoderStages = 43;  // bfloat16-rounded products along the decoder's longest path (above)
constexpr int kEncoderStages = 105; // TinyViT (vit_t) encoder

std::string checkpoint()
{
    return delineate::test::samFixture("vit_t.pth");
}

using delineate::test::ellipseSlice;

TrainingSettings oneStep(TrainingScope scope, TrainingPrecision precision)
{
    TrainingSettings settings;
    settings.scope = scope;
    settings.method = TrainingMethod::Adapter;
    settings.precision = precision;
    settings.device = TrainingDevice::Cpu;
    settings.learningRate = kLearningRate;
    settings.warmupIterations = 1;
    settings.maxIterations = 1;
    settings.maxSeconds = std::numeric_limits<double>::infinity();
    settings.batchSize = 2;
    settings.augment = false;
    settings.seed = 7;
    const char* threads = std::getenv("DELINEATE_TEST_THREADS");
    settings.threads = threads ? std::atoi(threads) : 2;
    return settings;
}

struct StepResult {
    double loss = 0.0;
    delineate::tensorio::StateDict before; // adapter tensors as saved before and after the step
    delineate::tensorio::StateDict after;
};

delineate::tensorio::StateDict savedWeights(const Trainer& trainer, const std::string& path)
{
    MINITEST_REQUIRE(trainer.saveWeights(path, SaveInfo{"ellipse", {}, {}}).ok());
    auto file = delineate::tensorio::loadSafetensors(path);
    MINITEST_REQUIRE(file.ok());
    return std::move(file->tensors);
}

StepResult runStep(const TrainingSettings& settings, bool expectAutocast)
{
    Trainer trainer(settings);
    MINITEST_REQUIRE(trainer.loadBaseCheckpoint(checkpoint()).ok());
    MINITEST_REQUIRE(trainer.mixedPrecision() == expectAutocast);
    const delineate::test::TemporaryFolder folder;
    StepResult result;
    result.before = savedWeights(trainer, folder.file("before.safetensors"));
    auto report = trainer.train({ellipseSlice(0), ellipseSlice(1)}, {});
    MINITEST_REQUIRE(report.ok());
    MINITEST_REQUIRE(report->iterations == 1);
    result.loss = report->losses.front();
    result.after = savedWeights(trainer, folder.file("after.safetensors"));
    return result;
}

// Used by the LibTorch 2.x cases only (below).
[[maybe_unused]] void compareSteps(TrainingScope scope, int stages)
{
    MINITEST_REQUIRE_FILE(checkpoint());
    const double tolerance = std::sqrt(static_cast<double>(stages)) * kUnitRoundoff;
    const StepResult fp32 = runStep(oneStep(scope, TrainingPrecision::Float32), false);
    const StepResult bf16 = runStep(oneStep(scope, TrainingPrecision::BFloat16), true);

    const double lossError = std::abs(bf16.loss - fp32.loss) / std::abs(fp32.loss);
    std::printf("    %s: loss float32 %.6f, bfloat16 %.6f (relative error %.2e, tolerance %.2e)\n",
                scopeName(scope), fp32.loss, bf16.loss, lossError, tolerance);
    MINITEST_CHECK_MSG(std::isfinite(bf16.loss) && lossError <= tolerance,
                       "loss " << bf16.loss << " vs float32 " << fp32.loss);

    MINITEST_REQUIRE(fp32.after.size() == bf16.after.size() && fp32.before.size() == bf16.after.size());
    MINITEST_REQUIRE(!fp32.after.empty());
    std::int64_t elements = 0, flipped = 0;
    double worst = 0.0, worstUnflipped = 0.0;
    for (std::size_t i = 0; i < fp32.after.size(); ++i) {
        const auto& [name, after32] = fp32.after[i];
        const torch::Tensor& after16 = bf16.after[i].second;
        MINITEST_REQUIRE(bf16.after[i].first == name);
        // Master weights: float32 in both runs, before and after (the same initial values in both).
        for (const torch::Tensor* t : {&fp32.before[i].second, &bf16.before[i].second, &after32, &after16})
            MINITEST_CHECK_MSG(t->scalar_type() == torch::kFloat, name << " is not float32");
        MINITEST_CHECK_MSG(torch::equal(fp32.before[i].second, bf16.before[i].second), name);
        const torch::Tensor diff = (after16.to(torch::kDouble) - after32.to(torch::kDouble)).abs();
        const torch::Tensor rounding = after32.to(torch::kDouble).abs() * 1e-6 + 1e-3 * kLearningRate;
        const torch::Tensor isFlipped = diff.gt(rounding);
        elements += diff.numel();
        flipped += isFlipped.sum().item<std::int64_t>();
        worst = std::max(worst, diff.max().item<double>());
        if (isFlipped.logical_not().any().item<bool>())
            worstUnflipped =
                std::max(worstUnflipped, diff.masked_select(isFlipped.logical_not()).max().item<double>());
    }
    const double flippedShare = static_cast<double>(flipped) / static_cast<double>(elements);
    std::printf(
        "    %s: %lld adapter weights, max |bf16 - fp32| %.3e (bound 2 lr = %.1e), %lld (%.2f%%) moved the "
        "other way (bound %.2f%%)\n",
        scopeName(scope), static_cast<long long>(elements), worst, 2 * kLearningRate,
        static_cast<long long>(flipped), 100.0 * flippedShare, 200.0 * tolerance);
    MINITEST_CHECK_MSG(worst <= 2 * kLearningRate * (1 + 1e-3) + 1e-6, "max |diff| " << worst);
    MINITEST_CHECK_MSG(flipped == 0 || worstUnflipped <= 1e-6 + 1e-3 * kLearningRate, worstUnflipped);
    MINITEST_CHECK_MSG(flippedShare <= 2 * tolerance, "flipped share " << flippedShare);
}

} // namespace

MINITEST_CASE(cpu_keeps_float32_unless_asked)
{
    MINITEST_REQUIRE_FILE(checkpoint());
    // The Best preset's precision (Auto) on the CPU, and the default (Float32): no autocast.
    for (TrainingPrecision precision : {TrainingPrecision::Auto, TrainingPrecision::Float32}) {
        Trainer trainer(oneStep(TrainingScope::Decoder, precision));
        MINITEST_REQUIRE(trainer.loadBaseCheckpoint(checkpoint()).ok());
        MINITEST_CHECK_MSG(!trainer.mixedPrecision(), precisionName(precision));
    }
    MINITEST_CHECK(TrainingSettings::bestGpu().precision == TrainingPrecision::Auto);
    MINITEST_CHECK(TrainingSettings::quickCpu().precision == TrainingPrecision::Float32);
}

#if TORCH_VERSION_MAJOR >= 2

MINITEST_CASE(decoder_bfloat16_step_close_to_float32)
{
    compareSteps(TrainingScope::Decoder, kDecoderStages);
}

MINITEST_CASE(encoder_decoder_bfloat16_step_close_to_float32)
{
    compareSteps(TrainingScope::EncoderDecoder, kEncoderStages + kDecoderStages);
}

#else

// The reason for that refusal, in LibTorch itself: under CPU autocast a linear layer's output is bfloat16,
// and the float32 LayerNorm after it (as in every TinyViT and ViT block) cannot take it. Should a
// LibTorch 1.x accept it, this case fails: the guard in core/train/src/MixedPrecision.cpp would then refuse
// for nothing.
MINITEST_CASE(libtorch_1_cpu_layer_norm_rejects_bfloat16_under_autocast)
{
    torch::manual_seed(1);
    torch::nn::Linear linear(16, 16);
    torch::nn::LayerNorm norm(torch::nn::LayerNormOptions({16}));
    const torch::Tensor input = torch::randn({4, 16});
    const bool wasEnabled = at::autocast::is_cpu_enabled();
    const c10::ScalarType wasType = at::autocast::get_autocast_cpu_dtype();
    at::autocast::set_autocast_cpu_dtype(torch::kBFloat16);
    at::autocast::set_cpu_enabled(true);
    torch::ScalarType hidden = torch::kFloat;
    std::string refusal;
    try {
        const torch::Tensor h = linear(input);
        hidden = h.scalar_type();
        (void)norm(h);
    } catch (const c10::Error& error) {
        refusal = error.what_without_backtrace();
    }
    at::autocast::set_cpu_enabled(wasEnabled);
    at::autocast::set_autocast_cpu_dtype(wasType);
    at::autocast::clear_cache();
    std::printf("    linear under CPU autocast gives %s; layer_norm: %s\n", c10::toString(hidden),
                refusal.empty() ? "accepted" : refusal.c_str());
    MINITEST_CHECK(hidden == torch::kBFloat16);
    MINITEST_CHECK_MSG(!refusal.empty(),
                       "LibTorch " TORCH_VERSION " accepts bfloat16 layer_norm input on the CPU");
}

MINITEST_CASE(bfloat16_on_cpu_refused_by_libtorch_1)
{
    MINITEST_REQUIRE_FILE(checkpoint());
    Trainer trainer(oneStep(TrainingScope::Decoder, TrainingPrecision::BFloat16));
    const auto loaded = trainer.loadBaseCheckpoint(checkpoint());
    MINITEST_REQUIRE(!loaded.ok());
    MINITEST_CHECK_MSG(loaded.error().message().find("needs LibTorch 2.x") != std::string::npos,
                       loaded.error().message());
}

#endif

int main(int argc, char** argv)
{
    return minitest::runAll(argc, argv);
}
