// delineate-cli export-nnunet: a project (or a data-set file) as an nnU-Net v2 raw data set.

#include "CommandOptions.h"
#include "Commands.h"
#include "Manifest.h"
#include "labels/LabelTableJson.h"
#include "nnunet/NnUnetExport.h"
#include "project/ProjectStore.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace delineate::cli {
namespace {

const std::vector<OptionSpec> kSpecs = {{"--project"},     {"--dataset"},    {"--label-table"}, {"--out"},
                                        {"--id"},          {"--name"},       {"--studies"},     {"--channel"},
                                        {"--description"}, {"--json", false}};

// --dataset rows: id, image, labels, series, stack, frame; every study counts as complete.
Result<std::vector<nnunet::ExportSource>> sourcesFromDataset(const std::string& path)
{
    auto rows = readManifestRows(path);
    if (!rows)
        return rows.error();
    std::vector<nnunet::ExportSource> out;
    for (std::size_t n = 0; n < rows->size(); ++n) {
        nnunet::ExportSource source;
        source.id = "study-" + std::to_string(n + 1);
        for (const auto& [key, value] : (*rows)[n]) {
            if (key == "id")
                source.id = value;
            else if (key == "image")
                source.imagePath = value;
            else if (key == "labels")
                source.labelsPath = value;
            else if (key == "series")
                source.load.seriesUid = value;
            else if (key == "stack")
                source.load.stack = std::atoi(value.c_str());
            else if (key == "frame")
                source.load.frame = std::atoi(value.c_str());
        }
        if (source.imagePath.empty() || source.labelsPath.empty())
            return makeError(ErrorCode::CorruptData, path,
                             "row " + std::to_string(n + 1) + " needs image and labels");
        out.push_back(std::move(source));
    }
    return out;
}

Result<nnunet::ExportOptions> optionsFrom(const CommandOptions& o)
{
    nnunet::ExportOptions options;
    options.outputFolder = o.value("--out");
    auto id = o.integer("--id", 1, 999);
    if (!id)
        return id.error();
    options.datasetId = static_cast<int>(id->value_or(501));
    options.name = o.value("--name", "Delineate");
    options.channel = o.value("--channel");
    options.description = o.value("--description");
    const std::string studies = o.value("--studies", o.has("--dataset") ? "all" : "reviewed");
    if (studies == "all")
        options.studies = nnunet::StudyChoice::All;
    else if (studies == "reviewed")
        options.studies = nnunet::StudyChoice::Complete;
    else
        return makeError(ErrorCode::InvalidArgument, "", "--studies must be reviewed or all");
    if (o.has("--dataset") && options.studies == nnunet::StudyChoice::Complete)
        return makeError(ErrorCode::InvalidArgument, o.value("--dataset"),
                         "--studies reviewed needs --project");
    return options;
}

} // namespace

int runExportNnUnet(const Arguments& arguments)
{
    auto parsed = CommandOptions::parse(arguments, kSpecs);
    if (!parsed)
        return fail(parsed.error());
    const CommandOptions& o = *parsed;
    if (auto ok = o.require({"--out"}, "export-nnunet"); !ok)
        return fail(ok.error());
    if (o.has("--project") == o.has("--dataset"))
        return failUsage("export-nnunet needs either --project FOLDER or --dataset FILE");
    auto options = optionsFrom(o);
    if (!options)
        return fail(options.error());
    std::vector<nnunet::ExportSource> sources;
    std::string tablePath = o.value("--label-table");
    if (o.has("--project")) {
        const project::ProjectStore store(o.value("--project"));
        auto project = store.load();
        if (!project)
            return fail(project.error());
        sources = nnunet::projectSources(o.value("--project"), *project);
        if (tablePath.empty())
            tablePath = store.labelTablePath();
    } else {
        if (tablePath.empty())
            return failUsage("export-nnunet --dataset needs --label-table labels.json");
        auto read = sourcesFromDataset(o.value("--dataset"));
        if (!read)
            return fail(read.error());
        sources = std::move(read).value();
    }
    auto table = labels::readLabelTableJson(tablePath);
    if (!table)
        return fail(table.error());
    auto report = nnunet::exportDataset(sources, *table, *options);
    if (!report)
        return fail(report.error());
    if (o.has("--json")) {
        nlohmann::json cases = nlohmann::json::array();
        for (const auto& c : report->cases)
            cases.push_back(
                {{"case", c.caseId}, {"study_id", c.studyId}, {"image", c.image}, {"labels", c.labels}});
        nlohmann::json left = nlohmann::json::array();
        for (const auto& l : report->leftOut)
            left.push_back({{"study_id", l.studyId}, {"reason", l.reason}});
        std::printf("%s\n", nlohmann::json{{"dataset", report->datasetFolder},
                                           {"channel", report->channel},
                                           {"cases", cases},
                                           {"left_out", left}}
                                .dump(2)
                                .c_str());
        return 0;
    }
    std::printf("%s: %zu case(s), channel '%s'\n", report->datasetFolder.c_str(), report->cases.size(),
                report->channel.c_str());
    for (const auto& l : report->leftOut)
        std::printf("left out %s: %s\n", l.studyId.c_str(), l.reason.c_str());
    return 0;
}

} // namespace delineate::cli
