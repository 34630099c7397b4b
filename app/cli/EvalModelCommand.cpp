// delineate-cli eval-model: Dice and NSD of a model (base + optional adapter) on the studies of a project
// or a data-set file, prompt-free and with simulated box / point prompts, per study and pooled.

#include "Commands.h"
#include "DatasetArguments.h"
#include "FewShotArguments.h"
#include "ModelEvaluation.h"
#include "base/AtomicFile.h"

#include <cstdio>

namespace delineate::cli {
namespace {

std::vector<OptionSpec> specs()
{
    std::vector<OptionSpec> out = {{"--model"},  {"--adapter"},    {"--label"},  {"--prompts"},
                                   {"--slices"}, {"--max-slices"}, {"--axis"},   {"--tolerance"},
                                   {"--seed"},   {"--threads"},    {"--device"}, {"--json", false},
                                   {"--out"}};
    for (auto& spec : datasetOptionSpecs())
        out.push_back(spec);
    return out;
}

Result<fewshot::SelectionOptions> selectionFrom(const CommandOptions& o)
{
    fewshot::SelectionOptions selection;
    const std::string slices = o.value("--slices", "reviewed");
    if (slices == "all-labelled")
        selection.selection = fewshot::SliceSelection::AllLabelled;
    else if (slices != "reviewed")
        return makeError(ErrorCode::InvalidArgument, "", "--slices must be reviewed or all-labelled");
    auto axis = sliceAxisOption(o);
    if (!axis)
        return axis.error();
    selection.axis = *axis;
    auto max = o.integer("--max-slices", 1, 1000000);
    if (!max)
        return max.error();
    if (*max)
        selection.maxSlices = static_cast<std::size_t>(**max);
    return selection;
}

Result<fewshot::PromptEvaluationOptions> evaluationOptionsFrom(const CommandOptions& o)
{
    fewshot::PromptEvaluationOptions options;
    auto kinds = fewshot::parsePromptKinds(o.value("--prompts", "none,box,point"));
    if (!kinds)
        return kinds.error();
    options.kinds = *kinds;
    auto tolerance = o.number("--tolerance", 0.0, 1e6);
    auto seed = o.integer("--seed", 0, std::numeric_limits<std::int64_t>::max());
    if (!tolerance)
        return tolerance.error();
    if (!seed)
        return seed.error();
    options.toleranceMm = tolerance->value_or(1.0);
    options.seed = static_cast<std::uint64_t>(seed->value_or(0));
    return options;
}

Result<sam::SamPredictor> predictorFrom(const CommandOptions& o)
{
    sam::SamOptions options;
    auto threads = o.integer("--threads", 0, 1024);
    if (!threads)
        return threads.error();
    options.threads = static_cast<int>(threads->value_or(0));
    const std::string device = o.value("--device", "cpu");
    if (device == "cpu")
        options.device = sam::ComputeDevice::Cpu;
    else if (device == "cuda")
        options.device = sam::ComputeDevice::Cuda;
    else if (device == "auto")
        options.device = sam::ComputeDevice::Auto;
    else
        return makeError(ErrorCode::InvalidArgument, "", "--device must be cpu, cuda or auto");
    auto predictor = sam::SamPredictor::fromCheckpoint(o.value("--model"), options);
    if (!predictor)
        return predictor.error();
    if (o.has("--adapter"))
        if (auto loaded = predictor->loadPeftWeights(o.value("--adapter")); !loaded)
            return loaded.error();
    return predictor;
}

} // namespace

int runEvalModel(const Arguments& arguments)
{
    auto parsed = CommandOptions::parse(arguments, specs());
    if (!parsed)
        return fail(parsed.error());
    const CommandOptions& o = *parsed;
    if (auto ok = o.require({"--model"}, "eval-model"); !ok)
        return fail(ok.error());
    auto input = datasetInputFrom(o);
    if (!input)
        return fail(input.error());
    auto selection = selectionFrom(o);
    if (!selection)
        return fail(selection.error());
    auto options = evaluationOptionsFrom(o);
    if (!options)
        return fail(options.error());
    auto predictor = predictorFrom(o);
    if (!predictor)
        return fail(predictor.error());

    EvaluationTable table;
    table.kinds = options->kinds;
    for (std::size_t i = 0; i < input->studies.size(); ++i) {
        // One study in memory at a time.
        auto gathered = fewshot::gatherExamples({input->studies[i]}, input->value, *selection);
        if (!gathered)
            return fail(gathered.error());
        for (auto& skipped : gathered->skipped) {
            std::fprintf(stderr, "skipped %s: %s\n", skipped.studyId.c_str(),
                         skipped.error.message().c_str());
            table.skipped.push_back(skipped);
        }
        if (gathered->studies.empty())
            continue;
        std::fprintf(stderr, "evaluating %s on %zu slice(s)\n", input->studies[i].id.c_str(),
                     gathered->sliceCount());
        fewshot::PromptEvaluationOptions perStudy = *options;
        perStudy.seed = options->seed + i;
        auto scores = fewshot::evaluatePrompts(*predictor, gathered->studies.front().slices, perStudy);
        if (!scores)
            return fail(scores.error());
        table.add({input->studies[i].id, std::move(scores).value()});
    }
    if (table.studies.empty())
        return fail(makeError(ErrorCode::InvalidArgument,
                              input->projectFolder.empty() ? o.value("--dataset") : input->projectFolder,
                              "no study has " +
                                  std::string(selection->selection == fewshot::SliceSelection::Reviewed
                                                  ? "reviewed slices"
                                                  : "slices with the label") +
                                  " of '" + input->labelName + "'"));
    nlohmann::json out = evaluationJson(table);
    out["model"] = o.value("--model");
    out["adapter"] = o.has("--adapter") ? nlohmann::json(o.value("--adapter")) : nlohmann::json();
    out["label"] = input->labelName;
    out["label_value"] = input->value;
    out["slices"] = o.value("--slices", "reviewed");
    out["nsd_tolerance_mm"] = options->toleranceMm;
    out["seed"] = options->seed;
    if (o.has("--out"))
        if (auto written = writeFileAtomically(o.value("--out"), out.dump(2) + "\n"); !written)
            return fail(written.error());
    if (o.has("--json"))
        std::printf("%s\n", out.dump(2).c_str());
    else
        std::printf("%s", evaluationText(table).c_str());
    return 0;
}

} // namespace delineate::cli
