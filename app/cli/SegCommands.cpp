// delineate-cli export-seg / import-seg: label maps as DICOM Segmentation objects (SEG) of the DICOM series
// they were drawn on, and back. Both write the provenance document beside what they write, as the app's
// SEG export and label import do (docs/provenance.md): export-seg `<SEG>.provenance.json` from the label
// map's provenance log (`<labels>.provenance-log.json` beside it, as a project keeps it, or
// --provenance-log; none: every slice "unknown"), import-seg `<out>.provenance.json` with source "import".

#include "CommandOptions.h"
#include "Commands.h"
#include "LabelProvenance.h"
#include "dicomseg/SegmentationReader.h"
#include "dicomseg/SegmentationWriter.h"
#include "labels/LabelTableJson.h"
#include "project/ProvenanceLog.h"

#include <cstdio>
#include <filesystem>
#include <set>

namespace delineate::cli {
namespace {

const std::vector<OptionSpec> kExportSpecs = {
    {"--image"},   {"--labels"},      {"--label-table"},           {"--out"},
    {"--series"},  {"--stack"},       {"--algorithm", true, true}, {"--description"},
    {"--creator"}, {"--json", false}, {"--provenance-log"},
};
const std::vector<OptionSpec> kImportSpecs = {
    {"--image"}, {"--seg"}, {"--out"}, {"--series"}, {"--stack"}, {"--json", false},
};

// "V=semiautomatic:SAM vit_t + adapter liver-v2" (or automatic / manual).
Result<std::pair<std::uint16_t, dicomseg::SegmentProvenance>> parseAlgorithm(const std::string& text)
{
    const auto equals = text.find('='), colon = text.find(':');
    const Error error = makeError(ErrorCode::InvalidArgument, "",
                                  "--algorithm '" + text + "': expected V=manual or V=semiautomatic:NAME");
    if (equals == std::string::npos || equals == 0)
        return error;
    int value = 0;
    try {
        value = std::stoi(text.substr(0, equals));
    } catch (...) {
        return error;
    }
    if (value < 1 || value > 65535)
        return error;
    const std::string kind =
        text.substr(equals + 1, colon == std::string::npos ? std::string::npos : colon - equals - 1);
    dicomseg::SegmentProvenance provenance;
    if (colon != std::string::npos)
        provenance.algorithmName = text.substr(colon + 1);
    if (kind == "manual" && provenance.algorithmName.empty())
        provenance.type = dicomseg::SegmentAlgorithm::Manual;
    else if (kind == "semiautomatic" && !provenance.algorithmName.empty())
        provenance.type = dicomseg::SegmentAlgorithm::SemiAutomatic;
    else if (kind == "automatic" && !provenance.algorithmName.empty())
        provenance.type = dicomseg::SegmentAlgorithm::Automatic;
    else
        return error;
    return std::make_pair(static_cast<std::uint16_t>(value), provenance);
}

Result<io::Study> loadDicomStudy(const CommandOptions& o)
{
    io::LoadOptions load;
    load.seriesUid = o.value("--series");
    auto stack = o.integer("--stack", 0, 1 << 20);
    if (!stack)
        return stack.error();
    if (*stack)
        load.stack = static_cast<int>(**stack);
    return loadStudyReporting(o.value("--image"), load);
}

labels::LabelTable tableBeside(const CommandOptions& o)
{
    const std::string path =
        o.has("--label-table") ? o.value("--label-table") : labels::labelTablePathFor(o.value("--labels"));
    if (!o.has("--label-table") && !std::filesystem::exists(path))
        return {};
    auto table = labels::readLabelTableJson(path);
    return table.ok() ? *table : labels::LabelTable{};
}

// The label map's provenance log: --provenance-log (must exist), else the one beside the label map (a
// project's studies/<id>/labels.provenance-log.json), else none (an empty log).
Result<project::ProvenanceLog> provenanceLogFor(const CommandOptions& o)
{
    if (o.has("--provenance-log")) {
        const std::string path = o.value("--provenance-log");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            return makeError(ErrorCode::FileNotFound, path, "no such provenance log");
        return project::ProvenanceLog::load(path);
    }
    return project::ProvenanceLog::load(project::provenanceLogPathFor(o.value("--labels")));
}

// Every slice (along k) of every label of `labels` recorded as "import" at `when`.
project::ProvenanceLog importLog(const image::LabelMap& labels, const std::string& when)
{
    project::ProvenanceLog log;
    const auto& size = labels.geometry().size;
    const std::int64_t sliceVoxels = size[0] * size[1];
    const image::LabelMap::Value* voxel = labels.data();
    for (std::int64_t k = 0; k < size[2]; ++k) {
        std::set<image::LabelMap::Value> values(voxel + k * sliceVoxels, voxel + (k + 1) * sliceVoxels);
        for (const image::LabelMap::Value value : values)
            if (value != 0)
                log.record(2, value, k, {"import", {}, {}, {}, {}, {}, {}, when});
    }
    return log;
}

} // namespace

int runExportSeg(const Arguments& arguments)
{
    auto parsed = CommandOptions::parse(arguments, kExportSpecs);
    if (!parsed)
        return fail(parsed.error());
    const CommandOptions& o = *parsed;
    if (auto ok = o.require({"--image", "--labels", "--out"}, "export-seg"); !ok)
        return fail(ok.error());
    dicomseg::SegmentationExportOptions options;
    for (const std::string& text : o.values("--algorithm")) {
        auto algorithm = parseAlgorithm(text);
        if (!algorithm)
            return fail(algorithm.error());
        options.provenance[algorithm->first] = algorithm->second;
    }
    options.seriesDescription = o.value("--description", options.seriesDescription);
    options.contentCreator = o.value("--creator");
    if (o.has("--label-table")) {
        if (auto table = labels::readLabelTableJson(o.value("--label-table")); !table)
            return fail(table.error());
    }
    auto log = provenanceLogFor(o); // before anything is written: a bad log writes nothing
    if (!log)
        return fail(log.error());
    auto study = loadDicomStudy(o);
    if (!study)
        return fail(study.error());
    auto labelMap = io::loadLabelMap(o.value("--labels"), *study);
    if (!labelMap)
        return fail(labelMap.error());
    auto source = dicomseg::segmentationSourceFor(*study);
    if (!source)
        return fail(source.error());
    auto written = dicomseg::writeSegmentation(*labelMap, tableBeside(o), *source, options, o.value("--out"));
    if (!written)
        return fail(written.error());
    if (auto provenance =
            writeLabelProvenance(*log, *labelMap, exportContext(o, "export-seg"), o.value("--out"));
        !provenance)
        return fail(provenance.error());
    if (o.has("--json")) {
        std::printf("{\"segments\": %zu, \"frames\": %zu, \"tilt_corrected_grid\": %s}\n",
                    written->exportedLabels.size(), written->frames,
                    written->inPlaneShifted ? "true" : "false");
    } else {
        std::printf("%s: %zu segments, %zu frames\n", o.value("--out").c_str(),
                    written->exportedLabels.size(), written->frames);
    }
    return 0;
}

int runImportSeg(const Arguments& arguments)
{
    auto parsed = CommandOptions::parse(arguments, kImportSpecs);
    if (!parsed)
        return fail(parsed.error());
    const CommandOptions& o = *parsed;
    if (auto ok = o.require({"--image", "--seg", "--out"}, "import-seg"); !ok)
        return fail(ok.error());
    auto study = loadDicomStudy(o);
    if (!study)
        return fail(study.error());
    auto segmentation = dicomseg::readSegmentation(o.value("--seg"));
    if (!segmentation)
        return fail(segmentation.error());
    auto source = dicomseg::segmentationSourceFor(*study);
    if (!source)
        return fail(source.error());
    auto imported = dicomseg::importSegmentation(*segmentation, *source, nullptr);
    if (!imported)
        return fail(imported.error());
    const std::string out = o.value("--out");
    if (auto saved = io::saveLabelMap(imported->labels, *study, out); !saved)
        return fail(saved.error());
    if (auto saved = labels::writeLabelTableJson(imported->table, labels::labelTablePathFor(out)); !saved)
        return fail(saved.error());
    const project::ExportContext context = exportContext(o, "import-seg");
    if (auto provenance = writeLabelProvenance(importLog(imported->labels, context.created), imported->labels,
                                               context, out);
        !provenance)
        return fail(provenance.error());
    for (const std::string& note : imported->notes)
        std::fprintf(stderr, "delineate-cli: note: %s\n", note.c_str());
    std::printf("%s: %zu labels\n", out.c_str(), imported->table.size());
    return 0;
}

} // namespace delineate::cli
