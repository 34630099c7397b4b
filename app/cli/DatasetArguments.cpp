#include "DatasetArguments.h"

#include "FewShotArguments.h"
#include "Manifest.h"
#include "labels/LabelTableJson.h"
#include "project/ProjectStore.h"

#include <filesystem>

namespace delineate::cli {
namespace {

Result<std::int64_t> rowInteger(const std::string& text, const std::string& column, const std::string& path)
{
    try {
        std::size_t used = 0;
        const long long value = std::stoll(text, &used);
        if (used == text.size() && value >= 0)
            return static_cast<std::int64_t>(value);
    } catch (const std::exception&) {
    }
    return makeError(ErrorCode::CorruptData, path,
                     "column " + column + ": '" + text + "' is not a number >= 0");
}

Result<fewshot::DatasetStudy> studyFromRow(const ManifestRow& row, std::size_t index, image::SliceAxis axis,
                                           const std::string& path)
{
    fewshot::DatasetStudy study;
    study.id = "study-" + std::to_string(index + 1);
    for (const auto& [key, value] : row) {
        if (key == "id")
            study.id = value;
        else if (key == "image")
            study.imagePath = value;
        else if (key == "labels")
            study.labelsPath = value;
        else if (key == "series")
            study.load.seriesUid = value;
        else if (key == "slices") {
            auto list = fewshot::parseSliceList(value);
            if (!list)
                return makeError(ErrorCode::CorruptData, path,
                                 "row " + std::to_string(index + 1) + ": " + list.error().detail);
            study.reviewed[static_cast<int>(axis)].insert(list->begin(), list->end());
        } else if (key == "stack" || key == "frame") {
            auto number = rowInteger(value, key, path);
            if (!number)
                return number.error();
            (key == "stack" ? study.load.stack : study.load.frame) = static_cast<int>(*number);
        } else
            return makeError(ErrorCode::CorruptData, path,
                             "unknown column '" + key +
                                 "' (expected id, image, labels, slices, series, stack, frame)");
    }
    if (study.imagePath.empty() || study.labelsPath.empty())
        return makeError(ErrorCode::CorruptData, path,
                         "row " + std::to_string(index + 1) + " needs image and labels");
    return study;
}

Result<DatasetInput> fromProject(const CommandOptions& o)
{
    DatasetInput input;
    input.projectFolder = o.value("--project");
    if (!o.has("--label-name"))
        return makeError(ErrorCode::InvalidArgument, input.projectFolder,
                         "--project needs --label-name NAME");
    const project::ProjectStore store(input.projectFolder);
    auto project = store.load();
    if (!project)
        return project.error();
    auto table = labels::readLabelTableJson(store.labelTablePath());
    if (!table)
        return table.error();
    input.labelName = o.value("--label-name");
    auto value = fewshot::labelValueByName(*table, input.labelName);
    if (!value)
        return Error{value.error().code, store.labelTablePath(), value.error().detail};
    input.value = *value;
    input.studies = fewshot::projectStudies(input.projectFolder, *project);
    return input;
}

Result<DatasetInput> fromDatasetFile(const CommandOptions& o)
{
    DatasetInput input;
    const std::string path = o.value("--dataset");
    auto axis = sliceAxisOption(o);
    if (!axis)
        return axis.error();
    auto rows = readManifestRows(path);
    if (!rows)
        return rows.error();
    if (rows->empty())
        return makeError(ErrorCode::CorruptData, path, "the data set lists no study");
    for (std::size_t n = 0; n < rows->size(); ++n) {
        auto study = studyFromRow((*rows)[n], n, *axis, path);
        if (!study)
            return study.error();
        input.studies.push_back(std::move(study).value());
    }
    if (o.has("--label-name")) {
        if (!o.has("--label-table"))
            return makeError(ErrorCode::InvalidArgument, path,
                             "--label-name with --dataset needs --label-table FILE");
        auto table = labels::readLabelTableJson(o.value("--label-table"));
        if (!table)
            return table.error();
        auto value = fewshot::labelValueByName(*table, o.value("--label-name"));
        if (!value)
            return Error{value.error().code, o.value("--label-table"), value.error().detail};
        input.value = *value;
        input.labelName = o.value("--label-name");
        return input;
    }
    auto value = o.integer("--label", 1, 65535);
    if (!value)
        return value.error();
    if (!*value)
        return makeError(ErrorCode::InvalidArgument, path, "--dataset needs --label V or --label-name NAME");
    input.value = static_cast<image::LabelMap::Value>(**value);
    input.labelName = "label " + std::to_string(input.value);
    return input;
}

} // namespace

std::vector<OptionSpec> datasetOptionSpecs()
{
    return {{"--project"}, {"--dataset"}, {"--label-name"}, {"--label-table"}};
}

bool hasDatasetOptions(const CommandOptions& options)
{
    return options.has("--project") || options.has("--dataset");
}

Result<DatasetInput> datasetInputFrom(const CommandOptions& o)
{
    if (o.has("--project") == o.has("--dataset"))
        return makeError(ErrorCode::InvalidArgument, "", "give either --project FOLDER or --dataset FILE");
    return o.has("--project") ? fromProject(o) : fromDatasetFile(o);
}

} // namespace delineate::cli
