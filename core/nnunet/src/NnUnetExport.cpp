#include "nnunet/NnUnetExport.h"

#include "base/AtomicFile.h"
#include "image/Slice.h"
#include "project/Project.h"
#include "project/ProjectStore.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <filesystem>

namespace delineate::nnunet {
namespace {

namespace fs = std::filesystem;

std::string safeName(const std::string& name)
{
    std::string out;
    for (char c : name)
        out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '-';
    return out.empty() ? "Delineate" : out;
}

std::string threeDigits(std::size_t n)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%03zu", n);
    return buffer;
}

// Table value -> 1..N in table order; 0 for everything else.
image::LabelMap renumbered(const image::LabelMap& labels, const labels::LabelTable& table)
{
    std::map<image::LabelMap::Value, image::LabelMap::Value> map;
    for (const auto& entry : table.entries())
        map[entry.value] = static_cast<image::LabelMap::Value>(map.size() + 1);
    image::LabelMap out = labels;
    image::LabelMap::Value* data = out.data();
    for (std::size_t i = 0; i < static_cast<std::size_t>(out.voxelCount()); ++i) {
        const auto found = map.find(data[i]);
        data[i] = found == map.end() ? 0 : found->second;
    }
    return out;
}

// Why a loaded study is left out (empty: it is exported).
std::string reasonToLeaveOut(const ExportSource& source, const io::Study& study,
                             const image::LabelMap& labels, StudyChoice choice)
{
    if (study.volume.components() != 1)
        return "colour images are not exported (nnU-Net channel split not supported)";
    if (choice == StudyChoice::Complete && !labelsComplete(labels, source.reviewed))
        return "labels not complete (a slice holding a label is not reviewed)";
    return {};
}

std::string channelFor(const std::vector<std::string>& modalities)
{
    if (modalities.empty() || modalities.front().empty())
        return "image";
    for (const auto& m : modalities)
        if (m != modalities.front())
            return "image";
    return modalities.front() == "MR" ? "MRI" : modalities.front();
}

nlohmann::json datasetJson(const ExportReport& report, const labels::LabelTable& table,
                           const ExportOptions& options, const std::vector<ExportSource>& sources)
{
    nlohmann::json labels = {{"background", 0}};
    nlohmann::json originals = nlohmann::json::object();
    int next = 1;
    for (const auto& entry : table.entries()) {
        labels[entry.name] = next;
        originals[std::to_string(next++)] = entry.value;
    }
    nlohmann::json cases = nlohmann::json::array();
    for (const auto& c : report.cases) {
        std::string path;
        for (const auto& s : sources)
            if (s.id == c.studyId)
                path = s.imagePath;
        cases.push_back({{"case", c.caseId}, {"study_id", c.studyId}, {"study_path", path}});
    }
    return {{"channel_names", {{"0", report.channel}}},
            {"labels", labels},
            {"numTraining", report.cases.size()},
            {"file_ending", ".nii.gz"},
            {"name", safeName(options.name)},
            {"description", options.description.empty() ? "Exported by Delineate" : options.description},
            {"delineate_cases", cases},
            {"delineate_original_label_values", originals}};
}

} // namespace

std::vector<ExportSource> projectSources(const std::string& folder, const project::Project& project)
{
    const project::ProjectStore store(folder);
    std::vector<ExportSource> out;
    for (const auto& entry : project.studies) {
        ExportSource source{entry.id, store.resolveStudyPath(entry), {}, {}, entry.reviewed};
        source.load.seriesUid = entry.seriesUid;
        source.load.stack = entry.stack;
        source.load.frame = entry.frame;
        std::error_code ec;
        if (!entry.labelFile.empty() && fs::is_regular_file(store.labelMapPath(entry), ec))
            source.labelsPath = store.labelMapPath(entry);
        out.push_back(std::move(source));
    }
    return out;
}

bool labelsComplete(const image::LabelMap& labels, const std::map<int, std::set<std::int64_t>>& reviewed)
{
    for (const auto& [axis, slices] : reviewed) {
        if (slices.empty())
            continue;
        const auto a = static_cast<image::SliceAxis>(axis);
        const std::int64_t count = image::sliceCount(labels.geometry(), a);
        bool complete = true;
        for (std::int64_t s = 0; s < count && complete; ++s) {
            if (slices.count(s))
                continue;
            const auto plane = image::extractLabelSlice(labels, a, s);
            for (auto v : plane.pixels)
                if (v != 0) {
                    complete = false;
                    break;
                }
        }
        if (complete)
            return true;
    }
    return false;
}

Result<ExportReport> exportDataset(const std::vector<ExportSource>& sources, const labels::LabelTable& table,
                                   const ExportOptions& options)
{
    if (table.empty())
        return makeError(ErrorCode::InvalidArgument, options.outputFolder,
                         "the label table is empty: nothing to export");
    if (options.datasetId < 1 || options.datasetId > 999)
        return makeError(ErrorCode::InvalidArgument, options.outputFolder, "the data set id must be 1..999");
    const std::string name = safeName(options.name);
    ExportReport report;
    const fs::path root = fs::path(options.outputFolder) /
                          ("Dataset" + threeDigits(static_cast<std::size_t>(options.datasetId)) + "_" + name);
    report.datasetFolder = root.string();
    std::error_code ec;
    if (fs::exists(root, ec) && !fs::is_empty(root, ec))
        return makeError(ErrorCode::InvalidArgument, report.datasetFolder,
                         "the data set folder exists already (choose another id or name, or remove it)");
    for (const char* sub : {"imagesTr", "labelsTr"})
        if (fs::create_directories(root / sub, ec); ec)
            return makeError(ErrorCode::WriteFailed, (root / sub).string(),
                             "cannot create folder: " + ec.message());
    std::vector<std::string> modalities;
    for (const ExportSource& source : sources) {
        if (source.labelsPath.empty()) {
            report.leftOut.push_back({source.id, "no saved label map"});
            continue;
        }
        auto study = io::loadStudy(source.imagePath, source.load);
        auto labels =
            study ? io::loadLabelMap(source.labelsPath, *study) : Result<image::LabelMap>(study.error());
        if (!labels) {
            report.leftOut.push_back({source.id, labels.error().message()});
            continue;
        }
        if (const std::string reason = reasonToLeaveOut(source, *study, *labels, options.studies);
            !reason.empty()) {
            report.leftOut.push_back({source.id, reason});
            continue;
        }
        ExportedCase c;
        c.caseId = name + "_" + threeDigits(report.cases.size());
        c.studyId = source.id;
        c.image = (root / "imagesTr" / (c.caseId + "_0000.nii.gz")).string();
        c.labels = (root / "labelsTr" / (c.caseId + ".nii.gz")).string();
        if (auto written = io::saveVolume(study->volume, c.image); !written)
            return written.error();
        if (auto written = io::saveLabelMap(renumbered(*labels, table), *study, c.labels); !written)
            return written.error();
        modalities.push_back(study->series ? study->series->modality : std::string());
        report.cases.push_back(std::move(c));
    }
    if (report.cases.empty())
        return makeError(ErrorCode::InvalidArgument, options.outputFolder,
                         options.studies == StudyChoice::Complete
                             ? "no study has complete (reviewed) labels to export"
                             : "no study has a label map to export");
    report.channel = options.channel.empty() ? channelFor(modalities) : options.channel;
    const std::string json = datasetJson(report, table, options, sources).dump(2) + "\n";
    if (auto written = writeFileAtomically((root / "dataset.json").string(), json); !written)
        return written.error();
    return report;
}

} // namespace delineate::nnunet
