// delineate-cli train: few-shot retraining on annotated slices of one label -> adapter file.

#include "Commands.h"
#include "DatasetArguments.h"
#include "FewShotArguments.h"
#include "TrainOptions.h"
#include "fewshot/TrainingSet.h"
#include "train/Trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace delineate::cli {
namespace {

const std::vector<OptionSpec> kSpecs = {
    {"--model"},
    {"--image"},
    {"--labels"},
    {"--label"},
    {"--slices"},
    {"--auto-slices"},
    {"--held-out"},
    {"--auto-held-out"},
    {"--axis"},
    {"--preset"},
    {"--scope"},
    {"--method"},
    {"--prompts"},
    {"--iterations"},
    {"--seconds"},
    {"--lr"},
    {"--patience"},
    {"--eval-every"},
    {"--device"},
    {"--seed"},
    {"--threads"},
    {"--rank"},
    {"--no-augment", false},
    {"--out"},
    {"--json", false},
    {"--series"},
    {"--stack"},
    {"--frame"},
    {"--name"},
    // train --project / --dataset (DatasetTrainCommand.cpp)
    {"--project"},
    {"--dataset"},
    {"--label-name"},
    {"--label-table"},
    {"--held-out-study", true, true},
    {"--held-out-max"},
};

// --scope, --method, --prompts (a custom scope or method is no preset any more).
Result<void> applyStrategyOptions(const CommandOptions& o, train::TrainingSettings& s)
{
    if (o.has("--scope")) {
        const std::string v = o.value("--scope");
        if (v == "decoder")
            s.scope = train::TrainingScope::Decoder;
        else if (v == "encoder_decoder" || v == "encoder-decoder")
            s.scope = train::TrainingScope::EncoderDecoder;
        else
            return makeError(ErrorCode::InvalidArgument, "", "--scope must be decoder or encoder_decoder");
        s.presetName.clear();
    }
    if (o.has("--method")) {
        const std::string v = o.value("--method");
        if (v == "vanilla")
            s.method = train::TrainingMethod::Vanilla;
        else if (v == "adapter")
            s.method = train::TrainingMethod::Adapter;
        else if (v == "lora")
            s.method = train::TrainingMethod::Lora;
        else
            return makeError(ErrorCode::InvalidArgument, "", "--method must be vanilla, adapter or lora");
        s.presetName.clear();
    }
    if (o.has("--prompts")) {
        const std::string v = o.value("--prompts");
        if (v == "none" || v == "prompt_free")
            s.prompts = train::PromptMode::PromptFree;
        else if (v == "box")
            s.prompts = train::PromptMode::Box;
        else if (v == "point")
            s.prompts = train::PromptMode::Point;
        else
            return makeError(ErrorCode::InvalidArgument, "", "--prompts must be none, box or point");
    }
    return {};
}

// The numeric options and --no-augment.
Result<void> applyNumberOptions(const CommandOptions& o, train::TrainingSettings& s)
{
    auto iterations = o.integer("--iterations", 1, 1000000);
    auto seconds = o.number("--seconds", 1.0, 1e7);
    auto lr = o.number("--lr", 1e-8, 1.0);
    auto seed = o.integer("--seed", 0, std::numeric_limits<std::int64_t>::max());
    auto threads = o.integer("--threads", 0, 1024);
    auto rank = o.integer("--rank", 1, 256);
    auto patience = o.integer("--patience", 1, 1000000);
    auto evalEvery = o.integer("--eval-every", 1, 1000000);
    for (const Error* e : {patience ? nullptr : &patience.error(), evalEvery ? nullptr : &evalEvery.error(),
                           iterations ? nullptr : &iterations.error(), seconds ? nullptr : &seconds.error(),
                           lr ? nullptr : &lr.error(), seed ? nullptr : &seed.error(),
                           threads ? nullptr : &threads.error(), rank ? nullptr : &rank.error()})
        if (e)
            return *e;
    if (*iterations)
        s.maxIterations = static_cast<int>(**iterations);
    if (*seconds)
        s.maxSeconds = **seconds;
    if (*lr)
        s.learningRate = **lr;
    if (*seed)
        s.seed = static_cast<std::uint64_t>(**seed);
    if (*threads)
        s.threads = static_cast<int>(**threads);
    if (*rank)
        s.loraRank = static_cast<int>(**rank);
    if (*patience)
        s.patience = static_cast<int>(**patience);
    if (*evalEvery)
        s.evaluationInterval = static_cast<int>(**evalEvery);
    if (o.has("--no-augment"))
        s.augment = false;
    return {};
}

} // namespace

Result<train::TrainingSettings> trainingSettingsFrom(const CommandOptions& o)
{
    const std::string preset = o.value("--preset", "quick");
    train::TrainingSettings s;
    if (preset == "quick")
        s = train::TrainingSettings::quickCpu();
    else if (preset == "best")
        s = train::TrainingSettings::bestGpu();
    else
        return makeError(ErrorCode::InvalidArgument, "", "--preset must be quick or best");
    if (auto applied = applyStrategyOptions(o, s); !applied)
        return applied.error();
    if (auto applied = applyNumberOptions(o, s); !applied)
        return applied.error();
    if (o.has("--device")) {
        const std::string v = o.value("--device");
        if (v == "cpu")
            s.device = train::TrainingDevice::Cpu;
        else if (v == "cuda")
            s.device = train::TrainingDevice::Cuda;
        else if (v == "auto")
            s.device = train::TrainingDevice::Auto;
        else
            return makeError(ErrorCode::InvalidArgument, "", "--device must be cpu, cuda or auto");
    }
    s.warmupIterations = std::min(s.warmupIterations, std::max(1, s.maxIterations / 5));
    return s;
}

namespace {

// Training / held-out slice indices from --slices/--auto-slices and --held-out/--auto-held-out.
struct SliceChoice {
    std::vector<std::int64_t> training;
    std::vector<std::int64_t> heldOut;
};

Result<SliceChoice> chooseSlices(const CommandOptions& o, const image::LabelMap& labels,
                                 image::LabelMap::Value value, image::SliceAxis axis)
{
    if (o.has("--slices") == o.has("--auto-slices"))
        return makeError(ErrorCode::InvalidArgument, "", "give either --slices LIST or --auto-slices N");
    if (o.has("--held-out") && o.has("--auto-held-out"))
        return makeError(ErrorCode::InvalidArgument, "", "give either --held-out LIST or --auto-held-out N");
    const std::vector<std::int64_t> present = fewshot::slicesContaining(labels, value, axis);
    if (present.empty())
        return makeError(ErrorCode::InvalidArgument, "",
                         "label " + std::to_string(value) + " is not in the label map");
    SliceChoice choice;
    if (o.has("--slices")) {
        auto list = fewshot::parseSliceList(o.value("--slices"));
        if (!list)
            return list.error();
        choice.training = *list;
    } else {
        auto n = o.integer("--auto-slices", 1, 100000);
        if (!n)
            return n.error();
        choice.training = spreadEvenly(present, static_cast<std::size_t>(**n));
    }
    if (o.has("--held-out")) {
        auto list = fewshot::parseSliceList(o.value("--held-out"));
        if (!list)
            return list.error();
        choice.heldOut = *list;
    } else if (o.has("--auto-held-out")) {
        auto n = o.integer("--auto-held-out", 1, 100000);
        if (!n)
            return n.error();
        choice.heldOut =
            spreadEvenly(present, static_cast<std::size_t>(**n), choice.training, Spread::Between);
    }
    for (std::int64_t s : choice.heldOut)
        if (std::find(choice.training.begin(), choice.training.end(), s) != choice.training.end())
            return makeError(ErrorCode::InvalidArgument, "",
                             "slice " + std::to_string(s) + " is both training and held out");
    return choice;
}

std::vector<fewshot::SliceRef> refs(const std::vector<std::int64_t>& indexes, image::SliceAxis axis)
{
    std::vector<fewshot::SliceRef> out;
    out.reserve(indexes.size());
    for (std::int64_t index : indexes)
        out.push_back({axis, index});
    return out;
}

std::string joined(const std::vector<std::int64_t>& values)
{
    std::string text;
    for (std::int64_t v : values)
        text += (text.empty() ? "" : ",") + std::to_string(v);
    return text;
}

// What one `train` run works on.
struct TrainInput {
    train::TrainingSettings settings;
    image::LabelMap::Value value = 0;
    SliceChoice choice;
    std::vector<train::TrainingSlice> training;
    std::vector<train::TrainingSlice> heldOut;
};

Result<TrainInput> trainInputFrom(const CommandOptions& o)
{
    TrainInput input;
    auto settings = trainingSettingsFrom(o);
    if (!settings)
        return settings.error();
    input.settings = *settings;
    auto axis = sliceAxisOption(o);
    if (!axis)
        return axis.error();
    auto labelValue = o.integer("--label", 1, 65535);
    if (!labelValue)
        return labelValue.error();
    input.value = static_cast<image::LabelMap::Value>(**labelValue);
    auto load = loadOptionsFrom(o);
    if (!load)
        return load.error();
    auto study = loadStudyReporting(o.value("--image"), *load);
    if (!study)
        return study.error();
    auto labels = io::loadLabelMap(o.value("--labels"), *study);
    if (!labels)
        return labels.error();
    auto choice = chooseSlices(o, *labels, input.value, *axis);
    if (!choice)
        return choice.error();
    input.choice = *choice;
    auto training =
        fewshot::makeTrainingSlices(study->volume, *labels, input.value, refs(choice->training, *axis));
    auto heldOut =
        fewshot::makeTrainingSlices(study->volume, *labels, input.value, refs(choice->heldOut, *axis));
    if (!training)
        return training.error();
    if (!heldOut)
        return heldOut.error();
    input.training = std::move(training).value();
    input.heldOut = std::move(heldOut).value();
    return input;
}

// Dice on the training and held-out slices (NaN without held-out slices).
struct DiceScores {
    double training = 0.0;
    double heldOut = 0.0;
};

Result<DiceScores> diceScores(train::Trainer& trainer, const TrainInput& input)
{
    auto onTraining = trainer.evaluateDice(input.training);
    if (!onTraining)
        return onTraining.error();
    if (input.heldOut.empty())
        return DiceScores{*onTraining, std::nan("")};
    auto onHeldOut = trainer.evaluateDice(input.heldOut);
    if (!onHeldOut)
        return onHeldOut.error();
    return DiceScores{*onTraining, *onHeldOut};
}

} // namespace

void printTrainingProgress(const train::TrainingProgress& p, int maxIterations)
{
    if (p.iteration % 10 == 0 || p.iteration == 1 || !std::isnan(p.heldOutDice))
        std::fprintf(stderr, "iteration %d/%d  loss %.4f  lr %.2e%s  %.1f s\n", p.iteration, maxIterations,
                     p.loss, p.learningRate,
                     std::isnan(p.heldOutDice)
                         ? ""
                         : ("  held-out Dice (low-res mean) " + std::to_string(p.heldOutDice)).c_str(),
                     p.elapsedSeconds);
}

namespace {

train::SaveInfo saveInfoFor(const CommandOptions& o, const TrainInput& input, const DiceScores& before,
                            const DiceScores& after)
{
    train::SaveInfo info;
    info.label = o.value("--name", "label " + std::to_string(input.value));
    for (const auto& slice : input.training)
        info.sliceDescriptions.push_back(slice.description);
    info.extra["label_value"] = std::to_string(input.value);
    info.extra["study"] = o.value("--image");
    info.extra["dice_training_before"] = train::metadataNumber(before.training);
    info.extra["dice_training_after"] = train::metadataNumber(after.training);
    if (!input.heldOut.empty()) {
        info.extra["dice_held_out_before"] = train::metadataNumber(before.heldOut);
        info.extra["dice_held_out_after"] = train::metadataNumber(after.heldOut);
        info.extra["held_out_slices"] = joined(input.choice.heldOut);
    }
    return info;
}

void printReport(const CommandOptions& o, const TrainInput& input, const std::string& device,
                 const train::TrainingReport& report, const DiceScores& before, const DiceScores& after)
{
    const bool heldOut = !input.heldOut.empty();
    if (o.has("--json")) {
        const nlohmann::json out = {
            {"adapter", o.value("--out")},
            {"strategy", train::strategyName(input.settings)},
            {"preset", input.settings.presetName},
            {"device", device},
            {"training_slices", input.choice.training},
            {"held_out_slices", input.choice.heldOut},
            {"iterations", report.iterations},
            {"seconds", report.seconds},
            {"first_loss", report.firstLoss},
            {"final_loss", report.finalLoss},
            {"stop_reason", train::stopReasonName(report.stopReason)},
            {"dice_training_before", before.training},
            {"dice_training_after", after.training},
            {"dice_held_out_before", heldOut ? nlohmann::json(before.heldOut) : nlohmann::json()},
            {"dice_held_out_after", heldOut ? nlohmann::json(after.heldOut) : nlohmann::json()},
        };
        std::printf("%s\n", out.dump(2).c_str());
        return;
    }
    std::printf("%s: %d iterations in %.1f s (%s), loss %.4f -> %.4f\n", o.value("--out").c_str(),
                report.iterations, report.seconds, train::stopReasonName(report.stopReason), report.firstLoss,
                report.finalLoss);
    std::printf("Dice on training slices %.4f -> %.4f", before.training, after.training);
    if (heldOut)
        std::printf(", on held-out slices %.4f -> %.4f", before.heldOut, after.heldOut);
    std::printf(" (mean over slices in the low-res 256x256 frame)\n");
}

} // namespace

int runTrain(const Arguments& arguments)
{
    auto parsed = CommandOptions::parse(arguments, kSpecs);
    if (!parsed)
        return fail(parsed.error());
    const CommandOptions& o = *parsed;
    if (hasDatasetOptions(o))
        return runDatasetTrain(o);
    if (auto ok = o.require({"--model", "--image", "--labels", "--label", "--out"}, "train"); !ok)
        return fail(ok.error());
    auto input = trainInputFrom(o);
    if (!input)
        return fail(input.error());

    train::Trainer trainer(input->settings);
    if (auto loaded = trainer.loadBaseCheckpoint(o.value("--model")); !loaded)
        return fail(loaded.error());
    std::fprintf(stderr, "training %s on %zu slice(s) (%s), %zu held out; %lld trainable parameters on %s\n",
                 train::strategyName(input->settings).c_str(), input->training.size(),
                 joined(input->choice.training).c_str(), input->heldOut.size(),
                 static_cast<long long>(trainer.trainableParameterCount()), trainer.deviceName().c_str());
    auto before = diceScores(trainer, *input);
    if (!before)
        return fail(before.error());
    train::TrainingControl control;
    const int maxIterations = input->settings.maxIterations;
    control.progress = [maxIterations](const train::TrainingProgress& p) {
        printTrainingProgress(p, maxIterations);
    };
    auto report = trainer.train(input->training, input->heldOut, control);
    if (!report)
        return fail(report.error());
    auto after = diceScores(trainer, *input);
    if (!after)
        return fail(after.error());
    if (auto saved = trainer.saveWeights(o.value("--out"), saveInfoFor(o, *input, *before, *after)); !saved)
        return fail(saved.error());
    printReport(o, *input, trainer.deviceName(), *report, *before, *after);
    return 0;
}

} // namespace delineate::cli
