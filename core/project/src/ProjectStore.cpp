#include "project/ProjectStore.h"

#include "base/AtomicFile.h"
#include "project/ProvenanceLog.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <set>
#include <utility>
#include <vector>

namespace delineate::project {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json studyToJson(const StudyEntry& study)
{
    json reviewed = json::object();
    for (const auto& [axis, slices] : study.reviewed)
        if (!slices.empty())
            reviewed[std::to_string(axis)] = slices;
    return {{"id", study.id},
            {"path", study.path},
            {"relative_path", study.relativePath},
            {"series_uid", study.seriesUid},
            {"stack", study.stack},
            {"frame", study.frame},
            {"description", study.description},
            {"label_file", study.labelFile},
            {"reviewed", reviewed}};
}

StudyEntry studyFromJson(const json& j)
{
    StudyEntry study;
    study.id = j.at("id").get<std::string>();
    study.path = j.value("path", "");
    study.relativePath = j.value("relative_path", "");
    study.seriesUid = j.value("series_uid", "");
    study.frame = j.value("frame", 0);
    study.stack = j.value("stack", 0);
    study.description = j.value("description", "");
    if (study.frame < 0 || study.stack < 0)
        throw std::invalid_argument("negative frame or stack");
    study.labelFile = j.value("label_file", "");
    if (j.contains("reviewed"))
        for (const auto& [axis, slices] : j.at("reviewed").items()) {
            const int a = std::stoi(axis);
            if (a < 0 || a > 2)
                throw std::invalid_argument("reviewed axis out of range");
            study.reviewed[a] = slices.get<std::set<std::int64_t>>();
        }
    if (study.id.empty() || study.id.find('/') != std::string::npos ||
        study.id.find("..") != std::string::npos)
        throw std::invalid_argument("invalid study id '" + study.id + "'");
    return study;
}

// NaN (not measured) is stored as null.
json number(double value)
{
    return std::isfinite(value) ? json(value) : json(nullptr);
}
double numberFrom(const json& j, const char* key)
{
    return j.contains(key) && j.at(key).is_number() ? j.at(key).get<double>() : std::nan("");
}

json retrainToJson(const RetrainRecord& r)
{
    return {{"created", r.created},
            {"adapter", r.adapter},
            {"label", r.label},
            {"strategy", r.strategy},
            {"reviewed_slices", r.reviewedSlices},
            {"studies", r.studies},
            {"held_out_studies", r.heldOutStudies},
            {"held_out_slices", r.heldOutSlices},
            {"seconds", number(r.seconds)},
            {"base_dice",
             {{"prompt_free", number(r.baseDicePromptFree)},
              {"box", number(r.baseDiceBox)},
              {"point", number(r.baseDicePoint)}}},
            {"dice",
             {{"prompt_free", number(r.dicePromptFree)},
              {"box", number(r.diceBox)},
              {"point", number(r.dicePoint)}}}};
}

RetrainRecord retrainFromJson(const json& j)
{
    RetrainRecord r;
    r.created = j.value("created", "");
    r.adapter = j.value("adapter", "");
    r.label = j.value("label", "");
    r.strategy = j.value("strategy", "");
    r.reviewedSlices = j.value("reviewed_slices", std::size_t(0));
    r.studies = j.value("studies", std::vector<std::string>{});
    r.heldOutStudies = j.value("held_out_studies", std::vector<std::string>{});
    r.heldOutSlices = j.value("held_out_slices", std::size_t(0));
    r.seconds = numberFrom(j, "seconds");
    const json none = json::object();
    const json& base = j.contains("base_dice") ? j.at("base_dice") : none;
    const json& after = j.contains("dice") ? j.at("dice") : none;
    r.baseDicePromptFree = numberFrom(base, "prompt_free");
    r.baseDiceBox = numberFrom(base, "box");
    r.baseDicePoint = numberFrom(base, "point");
    r.dicePromptFree = numberFrom(after, "prompt_free");
    r.diceBox = numberFrom(after, "box");
    r.dicePoint = numberFrom(after, "point");
    return r;
}

} // namespace

bool ProjectStore::isProjectFolder(const std::string& folder)
{
    std::error_code ec;
    return fs::is_regular_file(fs::path(folder) / "project.json", ec);
}

std::string ProjectStore::manifestPath() const
{
    return (fs::path(m_folder) / "project.json").string();
}
std::string ProjectStore::labelTablePath() const
{
    return (fs::path(m_folder) / "labels.json").string();
}
std::string ProjectStore::adaptersFolder() const
{
    return (fs::path(m_folder) / "adapters").string();
}

std::string ProjectStore::studyFolder(const StudyEntry& study) const
{
    return (fs::path(m_folder) / "studies" / study.id).string();
}

std::string ProjectStore::labelMapPath(const StudyEntry& study) const
{
    return (fs::path(studyFolder(study)) / (study.labelFile.empty() ? "labels.nii.gz" : study.labelFile))
        .string();
}

std::string ProjectStore::autosavePath(const StudyEntry& study) const
{
    return (fs::path(m_folder) / "autosave" / (study.id + ".nii.gz")).string();
}

std::string ProjectStore::resolveStudyPath(const StudyEntry& study) const
{
    std::error_code ec;
    if (!study.relativePath.empty()) {
        const fs::path candidate = fs::path(m_folder) / study.relativePath;
        if (fs::exists(candidate, ec))
            return fs::weakly_canonical(candidate, ec).string();
    }
    return study.path;
}

Result<void> ProjectStore::create() const
{
    std::error_code ec;
    for (const char* sub : {"", "studies", "autosave", "adapters"}) {
        fs::create_directories(fs::path(m_folder) / sub, ec);
        if (ec)
            return makeError(ErrorCode::WriteFailed, m_folder,
                             "cannot create project folder: " + ec.message());
    }
    return {};
}

Result<void> ProjectStore::copyFilesFrom(const ProjectStore& source, const Project& project) const
{
    std::error_code ec;
    if (fs::equivalent(source.folder(), m_folder, ec))
        return {};
    if (auto created = create(); !created)
        return created;
    std::vector<std::pair<std::string, std::string>> files; // from, to
    for (const StudyEntry& study : project.studies) {
        files.emplace_back(source.labelMapPath(study), labelMapPath(study));
        files.emplace_back(provenanceLogPathFor(source.labelMapPath(study)),
                           provenanceLogPathFor(labelMapPath(study)));
    }
    for (const AdapterEntry& adapter : project.adapters) {
        const fs::path relative(adapter.file);
        if (relative.is_absolute() || adapter.file.find("..") != std::string::npos)
            continue; // not a file of the project folder
        files.emplace_back((fs::path(source.folder()) / relative).string(),
                           (fs::path(m_folder) / relative).string());
    }
    for (const auto& [from, to] : files) {
        if (!fs::is_regular_file(from, ec))
            continue;
        auto bytes = readFile(from, std::size_t(4) << 30);
        if (!bytes)
            return bytes.error();
        fs::create_directories(fs::path(to).parent_path(), ec);
        if (auto written = writeFileAtomically(to, *bytes); !written)
            return written;
    }
    return {};
}

namespace {

// A file-name-safe stem for a study: its file or folder name without the image extension, plus what
// tells it apart from others at that path (series, stack, frame).
std::string exportStem(const StudyEntry& study)
{
    std::string name = fs::path(study.path).filename().string();
    if (name.empty())
        name = fs::path(study.path).parent_path().filename().string();
    for (const char* extension : {".nii.gz", ".nii", ".mha", ".mhd", ".nrrd", ".nhdr", ".dcm", ".png", ".jpg",
                                  ".jpeg", ".tif", ".tiff", ".bmp"})
        if (name.size() > std::strlen(extension) &&
            name.compare(name.size() - std::strlen(extension), std::string::npos, extension) == 0) {
            name.resize(name.size() - std::strlen(extension));
            break;
        }
    if (!study.description.empty())
        name += "_" + study.description;
    else if (study.frame > 0)
        name += "_frame" + std::to_string(study.frame + 1);
    std::string safe;
    for (const char c : name)
        safe += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ? c : '_';
    while (safe.find("__") != std::string::npos)
        safe.replace(safe.find("__"), 2, "_");
    return safe.empty() ? study.id : safe;
}

} // namespace

Result<std::vector<ProjectStore::ExportedStudy>>
ProjectStore::exportLabelMaps(const Project& project, const std::string& folder) const
{
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (!fs::is_directory(folder, ec))
        return makeError(ErrorCode::WriteFailed, folder, "cannot create the export folder");
    std::vector<ExportedStudy> exported;
    std::set<std::string> used;
    json index = json::array();
    for (const StudyEntry& study : project.studies) {
        ExportedStudy result{study.id, {}};
        const std::string from = labelMapPath(study);
        if (!study.labelFile.empty() && fs::is_regular_file(from, ec)) {
            const std::string stem = exportStem(study);
            std::string name = stem + ".nii.gz";
            for (int n = 2; used.count(name); ++n)
                name = stem + "-" + std::to_string(n) + ".nii.gz";
            used.insert(name);
            auto bytes = readFile(from, std::size_t(4) << 30);
            if (!bytes)
                return bytes.error();
            if (auto written = writeFileAtomically((fs::path(folder) / name).string(), *bytes); !written)
                return written.error();
            result.file = name;
        }
        index.push_back({{"study_id", study.id},
                         {"study_path", study.path},
                         {"series_uid", study.seriesUid},
                         {"stack", study.stack},
                         {"frame", study.frame},
                         {"description", study.description},
                         {"label_file", result.file.empty() ? json(nullptr) : json(result.file)}});
        exported.push_back(std::move(result));
    }
    if (fs::is_regular_file(labelTablePath(), ec)) {
        auto table = readFile(labelTablePath(), 64u << 20);
        if (!table)
            return table.error();
        if (auto written = writeFileAtomically((fs::path(folder) / "labels.json").string(), *table); !written)
            return written.error();
    }
    const std::string text = json{{"project", project.name}, {"studies", index}}.dump(2) + "\n";
    if (auto written = writeFileAtomically((fs::path(folder) / "export.json").string(), text); !written)
        return written.error();
    return exported;
}

Result<Project> ProjectStore::load() const
{
    auto bytes = readFile(manifestPath(), 64u << 20);
    if (!bytes)
        return bytes.error();
    try {
        const json j = json::parse(*bytes);
        Project project;
        project.formatVersion = j.at("format_version").get<int>();
        if (project.formatVersion > Project::kFormatVersion)
            return makeError(ErrorCode::UnsupportedFormat, manifestPath(),
                             "project format version " + std::to_string(project.formatVersion) +
                                 " is newer than this Delineate understands (" +
                                 std::to_string(Project::kFormatVersion) + ")");
        project.name = j.value("name", "");
        for (const auto& s : j.value("studies", json::array()))
            project.studies.push_back(studyFromJson(s));
        for (const auto& a : j.value("adapters", json::array()))
            project.adapters.push_back({a.at("file").get<std::string>(), a.value("name", ""),
                                        a.value("created", ""), a.value("label", "")});
        project.activeAdapters = j.value("active_adapters", std::map<std::string, std::string>{});
        project.modelCheckpoint = j.value("model_checkpoint", "");
        project.settings = j.value("settings", std::map<std::string, std::string>{});
        for (const auto& r : j.value("retrains", json::array()))
            project.retrains.push_back(retrainFromJson(r));
        // Manifests before issue 16.5 had one active adapter for every label: it now serves the label it
        // was trained for (unknown: none, the base model).
        if (const std::string legacy = j.value("active_adapter", "");
            !legacy.empty() && !j.contains("active_adapters"))
            if (const std::string label = project.adapterLabel(legacy); !label.empty())
                project.activeAdapters[label] = legacy;
        return project;
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptData, manifestPath(),
                         std::string("invalid project manifest: ") + e.what());
    }
}

Result<void> ProjectStore::save(const Project& original) const
{
    if (auto created = create(); !created)
        return created;
    Project project = original;
    std::error_code ec;
    const fs::path base = fs::weakly_canonical(m_folder, ec);
    json studies = json::array();
    for (auto& study : project.studies) {
        if (!study.path.empty()) {
            const fs::path relative = fs::relative(fs::weakly_canonical(study.path, ec), base, ec);
            study.relativePath = ec ? std::string() : relative.string();
        }
        studies.push_back(studyToJson(study));
    }
    json adapters = json::array();
    for (const auto& adapter : project.adapters)
        adapters.push_back({{"file", adapter.file},
                            {"name", adapter.name},
                            {"created", adapter.created},
                            {"label", adapter.label}});
    json retrains = json::array();
    for (const auto& record : project.retrains)
        retrains.push_back(retrainToJson(record));
    const json j = {{"format_version", Project::kFormatVersion},
                    {"application", "Delineate"},
                    {"name", project.name},
                    {"studies", studies},
                    {"adapters", adapters},
                    {"active_adapters", project.activeAdapters},
                    {"model_checkpoint", project.modelCheckpoint},
                    {"settings", project.settings},
                    {"retrains", retrains}};
    return writeFileAtomically(manifestPath(), j.dump(2) + "\n");
}

} // namespace delineate::project
