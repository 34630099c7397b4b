// delineate-cli train --project / --dataset: retraining on the reviewed slices of every study of a data
// set, whole studies held out; the held-out Dice of the base model and the adapter (prompt-free, box,
// point) printed and, for a project, recorded in its learning curve.

#include "Commands.h"
#include "DatasetArguments.h"
#include "FewShotArguments.h"
#include "TrainOptions.h"
#include "fewshot/PromptedEvaluation.h"
#include "project/LearningCurve.h"
#include "sam/SamPredictor.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>

namespace delineate::cli {
namespace {

namespace fs = std::filesystem;
using Scores = std::vector<fewshot::PromptScore>;

std::string joined(const std::vector<std::string>& items, const char* separator)
{
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : separator) + item;
    return out;
}

std::string utcNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

// The reviewed examples of every study, plus lent labelled slices of named held-out studies without any.
Result<fewshot::GatheredDataset> gather(const CommandOptions& o, const DatasetInput& input)
{
    auto gathered = fewshot::gatherExamples(input.studies, input.value);
    if (!gathered)
        return gathered.error();
    auto axis = sliceAxisOption(o);
    auto max = o.integer("--held-out-max", 1, 100000);
    if (!axis)
        return axis.error();
    if (!max)
        return max.error();
    const fewshot::SelectionOptions lend{fewshot::SliceSelection::AllLabelled, *axis,
                                         static_cast<std::size_t>(max->value_or(8))};
    for (const std::string& id : o.values("--held-out-study")) {
        const bool present = std::any_of(gathered->studies.begin(), gathered->studies.end(),
                                         [&](const auto& s) { return s.studyId == id; });
        const auto study = std::find_if(input.studies.begin(), input.studies.end(),
                                        [&](const auto& s) { return s.id == id; });
        if (present || study == input.studies.end())
            continue; // splitByStudy names an unknown study
        auto lent = fewshot::gatherExamples({*study}, input.value, lend);
        if (!lent)
            return lent.error();
        for (auto& s : lent->studies)
            gathered->studies.push_back(std::move(s));
        for (auto& s : lent->skipped)
            gathered->skipped.push_back(std::move(s));
    }
    return gathered;
}

Result<Scores> heldOutScores(const CommandOptions& o, const std::string& adapter,
                             const std::vector<train::TrainingSlice>& heldOut, int threads)
{
    sam::SamOptions options;
    options.device = sam::ComputeDevice::Cpu;
    options.threads = threads;
    auto predictor = sam::SamPredictor::fromCheckpoint(o.value("--model"), options);
    if (!predictor)
        return predictor.error();
    if (!adapter.empty())
        if (auto loaded = predictor->loadPeftWeights(adapter); !loaded)
            return loaded.error();
    fewshot::PromptEvaluationOptions evaluation;
    return fewshot::evaluatePrompts(*predictor, heldOut, evaluation);
}

double diceOf(const Scores& scores, fewshot::PromptKind kind)
{
    for (const auto& s : scores)
        if (s.kind == kind)
            return s.dice();
    return std::nan("");
}

project::RetrainRecord recordFor(const DatasetInput& input, const fewshot::DatasetSplit& split,
                                 const train::TrainingSettings& settings, const train::TrainingReport& report,
                                 const std::string& adapter, const Scores& base, const Scores& after)
{
    project::RetrainRecord r;
    r.created = utcNow();
    std::error_code ec;
    const fs::path relative =
        fs::relative(fs::weakly_canonical(adapter, ec), fs::weakly_canonical(input.projectFolder, ec), ec);
    r.adapter =
        !ec && !relative.empty() && relative.string().rfind("..", 0) != 0 ? relative.string() : adapter;
    r.label = input.labelName;
    r.strategy = train::strategyName(settings);
    r.reviewedSlices = split.training.size();
    r.studies = split.trainingStudies;
    r.heldOutStudies = split.heldOutStudies;
    r.heldOutSlices = split.heldOut.size();
    r.seconds = report.seconds;
    r.baseDicePromptFree = diceOf(base, fewshot::PromptKind::None);
    r.baseDiceBox = diceOf(base, fewshot::PromptKind::Box);
    r.baseDicePoint = diceOf(base, fewshot::PromptKind::Point);
    r.dicePromptFree = diceOf(after, fewshot::PromptKind::None);
    r.diceBox = diceOf(after, fewshot::PromptKind::Box);
    r.dicePoint = diceOf(after, fewshot::PromptKind::Point);
    return r;
}

train::SaveInfo saveInfoFor(const DatasetInput& input, const fewshot::GatheredDataset& gathered,
                            const fewshot::DatasetSplit& split)
{
    train::SaveInfo info;
    info.label = input.labelName;
    std::vector<std::string> heldOut;
    for (const auto& slice : split.training)
        info.sliceDescriptions.push_back(slice.description);
    for (const auto& slice : split.heldOut)
        heldOut.push_back(slice.description);
    std::vector<std::string> skipped;
    for (const auto& s : gathered.skipped)
        skipped.push_back(s.studyId);
    info.extra["label_value"] = std::to_string(input.value);
    info.extra["training_studies"] = joined(split.trainingStudies, "; ");
    info.extra["held_out_studies"] = joined(split.heldOutStudies, "; ");
    info.extra["held_out_slice_descriptions"] = joined(heldOut, "; ");
    info.extra["skipped_studies"] = joined(skipped, "; ");
    info.extra["split"] = split.leaveStudiesOut ? "leave_studies_out" : "slices_of_one_study";
    if (!input.projectFolder.empty())
        info.extra["project"] = input.projectFolder;
    return info;
}

void printScores(const char* name, const Scores& scores)
{
    std::printf("%-10s", name);
    for (const auto& s : scores)
        std::printf("  %s Dice %.4f NSD %.4f", fewshot::promptKindName(s.kind), s.dice(), s.nsd());
    std::printf("\n");
}

nlohmann::json scoresJson(const Scores& scores)
{
    nlohmann::json out = nlohmann::json::object();
    for (const auto& s : scores)
        out[fewshot::promptKindName(s.kind)] = {
            {"dice", std::isfinite(s.dice()) ? nlohmann::json(s.dice()) : nlohmann::json()},
            {"nsd", std::isfinite(s.nsd()) ? nlohmann::json(s.nsd()) : nlohmann::json()}};
    return out;
}

} // namespace

int runDatasetTrain(const CommandOptions& o)
{
    if (auto ok = o.require({"--model", "--out"}, "train"); !ok)
        return fail(ok.error());
    auto settings = trainingSettingsFrom(o);
    if (!settings)
        return fail(settings.error());
    auto input = datasetInputFrom(o);
    if (!input)
        return fail(input.error());
    auto gathered = gather(o, *input);
    if (!gathered)
        return fail(gathered.error());
    for (const auto& s : gathered->skipped)
        std::fprintf(stderr, "skipped %s: %s\n", s.studyId.c_str(), s.error.message().c_str());
    if (gathered->studies.empty())
        return fail(makeError(ErrorCode::InvalidArgument, input->projectFolder,
                              "no study has reviewed slices of '" + input->labelName + "'"));
    auto split = fewshot::splitByStudy(gathered->studies, o.values("--held-out-study"));
    if (!split)
        return fail(split.error());
    std::fprintf(stderr, "training on %zu slice(s) of %s; %zu held out (%s)\n", split->training.size(),
                 joined(split->trainingStudies, ", ").c_str(), split->heldOut.size(),
                 split->heldOutStudies.empty() ? "none" : joined(split->heldOutStudies, ", ").c_str());

    train::Trainer trainer(*settings);
    if (auto loaded = trainer.loadBaseCheckpoint(o.value("--model")); !loaded)
        return fail(loaded.error());
    train::TrainingControl control;
    const int maxIterations = settings->maxIterations;
    control.progress = [maxIterations](const train::TrainingProgress& p) {
        printTrainingProgress(p, maxIterations);
    };
    auto report = trainer.train(split->training, split->heldOut, control);
    if (!report)
        return fail(report.error());
    const std::string adapter = o.value("--out");
    if (auto saved = trainer.saveWeights(adapter, saveInfoFor(*input, *gathered, *split)); !saved)
        return fail(saved.error());

    Scores base, after;
    if (!split->heldOut.empty()) {
        auto b = heldOutScores(o, {}, split->heldOut, settings->threads);
        auto a = b ? heldOutScores(o, adapter, split->heldOut, settings->threads) : b;
        if (!b || !a)
            return fail(!b ? b.error() : a.error());
        base = *b;
        after = *a;
    }
    const project::RetrainRecord record = recordFor(*input, *split, *settings, *report, adapter, base, after);
    if (!input->projectFolder.empty()) {
        // An adapter written inside the project (record.adapter then relative to it) becomes one of its
        // versions, as in the app.
        std::optional<project::AdapterEntry> version;
        if (fs::path(record.adapter).is_relative())
            version = project::AdapterEntry{record.adapter, fs::path(record.adapter).stem().string(),
                                            record.created, record.label};
        if (auto appended = project::appendRetrain(input->projectFolder, record, version); !appended)
            return fail(appended.error());
    }
    if (o.has("--json")) {
        const nlohmann::json out = {{"adapter", adapter},
                                    {"strategy", record.strategy},
                                    {"training_studies", split->trainingStudies},
                                    {"held_out_studies", split->heldOutStudies},
                                    {"training_slices", record.reviewedSlices},
                                    {"held_out_slices", record.heldOutSlices},
                                    {"iterations", report->iterations},
                                    {"seconds", report->seconds},
                                    {"stop_reason", train::stopReasonName(report->stopReason)},
                                    {"held_out_base", scoresJson(base)},
                                    {"held_out_adapter", scoresJson(after)}};
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("%s: %d iterations in %.1f s (%s), %zu training slice(s) from %zu stud%s\n", adapter.c_str(),
                report->iterations, report->seconds, train::stopReasonName(report->stopReason),
                record.reviewedSlices, split->trainingStudies.size(),
                split->trainingStudies.size() == 1 ? "y" : "ies");
    if (!split->heldOut.empty()) {
        std::printf("held out: %zu slice(s) of %s (full resolution: Dice pooled over the slices, NSD at 1 mm "
                    "the slices' mean; the training log's held-out Dice is the mean in the low-res frame)\n",
                    split->heldOut.size(), joined(split->heldOutStudies, ", ").c_str());
        printScores("base", base);
        printScores("adapter", after);
    }
    return 0;
}

} // namespace delineate::cli
