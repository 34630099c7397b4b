#include "project/ProjectSession.h"

#include "base/AtomicFile.h"
#include "io/StudyLoader.h"
#include "labels/LabelTableJson.h"

#include <algorithm>
#include <ctime>
#include <filesystem>

namespace delineate::project {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCurrentStudyKey = "currentStudy";

bool newer(const std::string& candidate, const std::string& reference)
{
    std::error_code ec;
    if (!fs::exists(candidate, ec))
        return false;
    if (reference.empty() || !fs::exists(reference, ec))
        return true;
    return fs::last_write_time(candidate, ec) > fs::last_write_time(reference, ec);
}

bool samePath(const fs::path& a, const fs::path& b)
{
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec))
        return fs::equivalent(a, b, ec);
    return fs::absolute(a, ec).lexically_normal() == fs::absolute(b, ec).lexically_normal();
}

StudyKey keyOf(const ProjectStore& store, const StudyEntry& study)
{
    return {store.resolveStudyPath(study), study.seriesUid, study.stack, study.frame};
}

// Opening `study` of the project in `store` loads its saved labels, or the autosave when newer.
OpenPlan planFor(const ProjectStore& store, const StudyEntry& study)
{
    OpenPlan plan;
    plan.study = keyOf(store, study);
    const std::string labels = study.labelFile.empty() ? std::string() : store.labelMapPath(study);
    const std::string autosave = store.autosavePath(study);
    std::error_code ec;
    if (newer(autosave, labels)) {
        plan.labelsPath = autosave;
        plan.recovered = true;
    } else if (!labels.empty() && fs::exists(labels, ec)) {
        plan.labelsPath = labels;
    }
    return plan;
}

} // namespace

Result<Project> ProjectSession::readManifest(const std::string& folder)
{
    const ProjectStore store(folder);
    Result<Project> loaded = store.load();
    if (loaded && loaded->studies.empty())
        return makeError(ErrorCode::CorruptData, store.manifestPath(), "the project lists no study");
    return loaded;
}

Result<OpenPlan> ProjectSession::beginOpen(const std::string& folder)
{
    const ProjectStore store(folder);
    Result<Project> loaded = readManifest(folder);
    if (!loaded)
        return loaded.error();
    const Project& manifest = loaded.value();
    const StudyEntry* study = nullptr;
    if (const auto last = manifest.settings.find(kCurrentStudyKey); last != manifest.settings.end())
        study = manifest.findStudy(last->second);
    if (!study)
        study = &manifest.studies.front();
    OpenPlan plan = planFor(store, *study);
    m_projectBeforeOpen = std::move(m_project);
    m_project = std::move(loaded).value();
    m_openingFolder = folder;
    return plan;
}

std::optional<labels::LabelTable> ProjectSession::completeOpen()
{
    std::optional<labels::LabelTable> table;
    if (Result<labels::LabelTable> read =
            labels::readLabelTableJson(ProjectStore(m_openingFolder).labelTablePath()))
        table = std::move(read).value();
    m_folder = std::move(m_openingFolder);
    m_openingFolder.clear();
    m_projectBeforeOpen = {};
    return table;
}

void ProjectSession::cancelOpen()
{
    // Only a project being opened is undone: the study shown meanwhile keeps its entry.
    if (m_openingFolder.empty())
        return;
    m_openingFolder.clear();
    m_project = std::move(m_projectBeforeOpen);
    m_projectBeforeOpen = {};
}

std::vector<OpenPlan> ProjectSession::plansAt(const std::string& path) const
{
    std::vector<OpenPlan> plans;
    if (m_folder.empty()) {
        // One plan per series, stack and frame: the newest copy (find() lists newest first), whichever
        // window (owner) wrote it.
        for (const RecoveryStore::Found& found : m_recovery.find(path))
            if (std::none_of(plans.begin(), plans.end(), [&](const OpenPlan& plan) {
                    return plan.study.seriesUid == found.seriesUid && plan.study.stack == found.stack &&
                           plan.study.frame == found.frame;
                }))
                plans.push_back({{path, found.seriesUid, found.stack, found.frame}, found.labelsPath, true});
        return plans;
    }
    const ProjectStore store(m_folder);
    for (const StudyEntry& study : m_project.studies)
        if (samePath(store.resolveStudyPath(study), path))
            plans.push_back(planFor(store, study));
    return plans;
}

const StudyEntry* ProjectSession::studyAt(const StudyKey& key) const
{
    if (m_folder.empty())
        return nullptr;
    const ProjectStore store(m_folder);
    for (const StudyEntry& study : m_project.studies)
        if (study.seriesUid == key.seriesUid && study.stack == key.stack && study.frame == key.frame &&
            samePath(store.resolveStudyPath(study), key.path))
            return &study;
    return nullptr;
}

ProjectSession::Shown ProjectSession::showStudy(const StudyKey& key, const std::string& description,
                                                bool recovered)
{
    Shown shown;
    m_adopted.clear();
    if (m_folder.empty()) {
        m_project = {};
        // The labels are the newest recovered copy (plansAt), perhaps another window's; it and any older
        // copy of the study are superseded by what this session saves or autosaves.
        if (recovered)
            for (const RecoveryStore::Found& found : m_recovery.find(key.path))
                if (found.seriesUid == key.seriesUid && found.stack == key.stack && found.frame == key.frame)
                    m_adopted.push_back(found.labelsPath);
    }
    if (const StudyEntry* existing = studyAt(key)) {
        m_studyId = existing->id;
    } else {
        std::error_code ec;
        fs::path absolute = fs::absolute(key.path, ec).lexically_normal();
        if (absolute.filename().empty())
            absolute = absolute.parent_path(); // a folder given with a trailing '/'
        StudyEntry& added = m_project.addStudy(absolute.string(), key.seriesUid, key.frame, key.stack);
        added.description = description;
        m_studyId = added.id;
        shown.added = true;
    }
    if (!m_folder.empty()) {
        // The project now lists this study (a crash before the next save still finds its autosave)
        // and opens it next time.
        m_project.settings[kCurrentStudyKey] = m_studyId;
        if (Result<void> written = saveManifest(); !written)
            shown.manifestError = written.error();
    }
    loadProvenance();
    return shown;
}

void ProjectSession::loadProvenance()
{
    m_provenance = {};
    const StudyEntry* study = current();
    if (!study)
        return;
    // The labels shown come from the autosave when there is one (unsaved edits), else from the save.
    std::error_code ec;
    const std::string autosave = autosavePath();
    std::string labels = !autosave.empty() && fs::exists(autosave, ec) ? autosave : std::string();
    if (labels.empty() && !m_adopted.empty())
        labels = m_adopted.front(); // the newest: the labels shown
    if (labels.empty() && !m_folder.empty() && !study->labelFile.empty())
        labels = ProjectStore(m_folder).labelMapPath(*study);
    if (labels.empty())
        return;
    if (Result<ProvenanceLog> log = ProvenanceLog::load(provenanceLogPathFor(labels)); log)
        m_provenance = std::move(log.value()); // an unreadable log leaves the provenance empty
}

std::string ProjectSession::utcNow()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

ProvenanceLog ProjectSession::savedProvenance(const std::string& id) const
{
    const StudyEntry* study = m_project.findStudy(id);
    if (!study || m_folder.empty() || study->labelFile.empty())
        return {};
    Result<ProvenanceLog> log =
        ProvenanceLog::load(provenanceLogPathFor(ProjectStore(m_folder).labelMapPath(*study)));
    return log ? std::move(log.value()) : ProvenanceLog{};
}

void ProjectSession::close()
{
    m_adopted.clear();
    m_provenance = {};
    m_studyId.clear();
    m_folder.clear();
    m_openingFolder.clear();
    m_project = {};
    m_projectBeforeOpen = {};
}

std::vector<StudySummary> ProjectSession::studies() const
{
    std::vector<StudySummary> summaries;
    if (m_folder.empty())
        return summaries;
    const ProjectStore store(m_folder);
    for (const StudyEntry& study : m_project.studies) {
        StudySummary summary;
        summary.study = keyOf(store, study);
        summary.description = study.description;
        for (const auto& [axis, slices] : study.reviewed)
            summary.reviewed += slices.size();
        summary.current = study.id == m_studyId;
        summaries.push_back(std::move(summary));
    }
    return summaries;
}

bool ProjectSession::isReviewed(int axis, std::int64_t slice) const
{
    const StudyEntry* study = current();
    if (!study)
        return false;
    const auto it = study->reviewed.find(axis);
    return it != study->reviewed.end() && it->second.count(slice);
}

Result<void> ProjectSession::setReviewed(int axis, std::int64_t slice, bool reviewed)
{
    StudyEntry* study = currentEntry();
    if (!study || isReviewed(axis, slice) == reviewed)
        return {};
    auto& slices = study->reviewed[axis];
    if (reviewed)
        slices.insert(slice);
    else
        slices.erase(slice);
    return saveManifest();
}

std::size_t ProjectSession::reviewedCount() const
{
    std::size_t count = 0;
    if (const StudyEntry* study = current())
        for (const auto& [axis, slices] : study->reviewed)
            count += slices.size();
    return count;
}

std::map<int, std::set<std::int64_t>> ProjectSession::reviewedSlices() const
{
    const StudyEntry* study = current();
    return study ? study->reviewed : std::map<int, std::set<std::int64_t>>{};
}

Result<void> ProjectSession::addAdapter(const AdapterEntry& adapter)
{
    if (m_folder.empty())
        return makeError(ErrorCode::InvalidArgument, adapter.file, "adapters are stored in a project folder");
    m_project.adapters.push_back(adapter);
    if (!adapter.label.empty())
        m_project.activeAdapters[adapter.label] = adapter.file;
    return saveManifest();
}

Result<void> ProjectSession::renameLabel(const std::string& from, const std::string& to)
{
    if (from.empty() || to.empty())
        return makeError(ErrorCode::InvalidArgument, to, "a label rename needs both names");
    if (from == to)
        return {};
    if (m_project.activeAdapters.count(to) != 0)
        return makeError(ErrorCode::InvalidArgument, to, "label " + to + " already has an adapter in use");
    if (const auto active = m_project.activeAdapters.find(from); active != m_project.activeAdapters.end()) {
        m_project.activeAdapters[to] = active->second;
        m_project.activeAdapters.erase(from);
    }
    for (AdapterEntry& adapter : m_project.adapters)
        if (adapter.label == from)
            adapter.label = to;
    for (RetrainRecord& retrain : m_project.retrains)
        if (retrain.label == from)
            retrain.label = to;
    return {};
}

Result<void> ProjectSession::addRetrain(const RetrainRecord& record)
{
    if (m_folder.empty())
        return makeError(ErrorCode::InvalidArgument, record.adapter,
                         "retrains are recorded in a project folder");
    m_project.retrains.push_back(record);
    return saveManifest();
}

Result<void> ProjectSession::setSettings(const std::map<std::string, std::string>& values)
{
    for (const auto& [key, value] : values) {
        if (value.empty())
            m_project.settings.erase(key);
        else
            m_project.settings[key] = value;
    }
    return m_folder.empty() ? Result<void>{} : saveManifest();
}

Result<void> ProjectSession::setActiveAdapter(const std::string& label, const std::string& file)
{
    if (label.empty())
        return makeError(ErrorCode::InvalidArgument, file,
                         "an adapter is activated for a label; no label given");
    const bool known = file.empty() || std::any_of(m_project.adapters.begin(), m_project.adapters.end(),
                                                   [&](const AdapterEntry& a) { return a.file == file; });
    if (!known)
        return makeError(ErrorCode::InvalidArgument, file, "not an adapter of this project");
    if (m_project.activeAdapterFor(label) == file)
        return {};
    if (file.empty())
        m_project.activeAdapters.erase(label);
    else
        m_project.activeAdapters[label] = file;
    return saveManifest();
}

std::string ProjectSession::adaptersFolder() const
{
    return m_folder.empty() ? std::string() : ProjectStore(m_folder).adaptersFolder();
}

std::string ProjectSession::absolutePath(const std::string& relative) const
{
    if (relative.empty() || m_folder.empty() || fs::path(relative).is_absolute())
        return relative;
    return (fs::path(m_folder) / relative).lexically_normal().string();
}

Result<void> ProjectSession::saveManifest() const
{
    if (m_folder.empty())
        return {};
    return ProjectStore(m_folder).save(m_project);
}

Result<void> ProjectSession::save(const std::string& folder, const image::LabelMap& labels,
                                  const io::Study& study, const labels::LabelTable& table)
{
    const std::string target = folder.empty() ? m_folder : folder;
    if (target.empty() || !currentEntry())
        return makeError(ErrorCode::InvalidArgument, target, "no project folder or no study to save");
    const ProjectStore store(target);
    if (auto created = store.create(); !created)
        return created.error();
    // Save As: bring the other studies' label maps and the adapters along before the manifest that
    // references them is written.
    if (!m_folder.empty())
        if (auto copied = store.copyFilesFrom(ProjectStore(m_folder), m_project); !copied)
            return copied.error();
    StudyEntry& entry = *currentEntry();
    std::error_code ec;
    entry.path = fs::absolute(entry.path, ec).string();
    entry.relativePath = fs::relative(entry.path, target, ec).string();
    entry.labelFile = "labels.nii.gz";
    fs::create_directories(store.studyFolder(entry), ec);
    if (auto written = io::saveLabelMap(labels, study, store.labelMapPath(entry)); !written)
        return written.error();
    if (auto written = m_provenance.save(provenanceLogPathFor(store.labelMapPath(entry))); !written)
        return written.error();
    if (auto written = labels::writeLabelTableJson(table, store.labelTablePath()); !written)
        return written.error();
    if (m_project.name.empty())
        m_project.name = fs::path(target).lexically_normal().filename().string();
    m_project.settings[kCurrentStudyKey] = m_studyId;
    if (auto written = store.save(m_project); !written)
        return written.error();
    removeAutosave(); // the project's, or the recovery copy of a study that had no project yet
    fs::remove(store.autosavePath(entry), ec);
    fs::remove(provenanceLogPathFor(store.autosavePath(entry)), ec);
    m_folder = target;
    return {};
}

Result<std::vector<ProjectStore::ExportedStudy>> ProjectSession::exportAll(const std::string& folder) const
{
    if (m_folder.empty())
        return makeError(ErrorCode::InvalidArgument, folder,
                         "only a saved project can export all its studies");
    auto exported = ProjectStore(m_folder).exportLabelMaps(m_project, folder);
    if (!exported)
        return exported;
    // Each label map with its provenance beside it (the saved log of its study).
    for (const ProjectStore::ExportedStudy& study : *exported) {
        const StudyEntry* entry = m_project.findStudy(study.studyId);
        if (study.file.empty() || !entry)
            continue;
        const ExportContext context{"Delineate (File > Export All Studies of the Project)", entry->path,
                                    fs::path(study.file).filename().string(), utcNow()};
        const std::string path = (fs::path(folder) / fs::path(study.file).filename()).string();
        if (auto written = exportProvenance(savedProvenance(study.studyId), context, path); !written)
            return written.error();
    }
    return exported;
}

std::string ProjectSession::autosavePath() const
{
    const StudyEntry* study = current();
    if (!study)
        return {};
    if (!m_folder.empty())
        return ProjectStore(m_folder).autosavePath(*study);
    return m_recovery.labelMapPath(*study);
}

AutosaveJob ProjectSession::autosaveJob(std::shared_ptr<const image::LabelMap> labels,
                                        std::shared_ptr<const io::Study> study,
                                        const labels::LabelTable& table) const
{
    AutosaveJob job;
    job.labels = std::move(labels);
    job.study = std::move(study);
    job.path = autosavePath();
    job.provenance = std::make_shared<const ProvenanceLog>(m_provenance);
    // Without a project the label table and which study it is go along (a project keeps both itself).
    if (m_folder.empty() && current()) {
        job.table = table;
        job.infoPath = m_recovery.infoPath(*current());
        job.info = RecoveryStore::info(*current());
    }
    return job;
}

void ProjectSession::removeAutosave() const
{
    const StudyEntry* study = current();
    if (!study)
        return;
    std::error_code ec;
    if (!m_folder.empty()) {
        fs::remove(ProjectStore(m_folder).autosavePath(*study), ec);
        fs::remove(provenanceLogPathFor(ProjectStore(m_folder).autosavePath(*study)), ec);
    } else {
        fs::remove(provenanceLogPathFor(m_recovery.labelMapPath(*study)), ec);
        m_recovery.remove(*study);
    }
    for (const std::string& adopted : m_adopted) { // the copies its labels were recovered from
        fs::remove(provenanceLogPathFor(adopted), ec);
        m_recovery.removeCopy(adopted);
    }
}

Result<void> AutosaveJob::write() const
{
    if (path.empty() || !labels || !study)
        return makeError(ErrorCode::InvalidArgument, path, "nothing to autosave");
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (auto written = io::saveLabelMap(*labels, *study, path); !written)
        return written.error();
    if (provenance)
        if (auto written = provenance->save(provenanceLogPathFor(path)); !written)
            return written.error();
    if (table)
        if (auto written = labels::writeLabelTableJson(*table, labels::labelTablePathFor(path)); !written)
            return written.error();
    if (!infoPath.empty())
        if (auto written = writeFileAtomically(infoPath, info); !written)
            return written.error();
    return {};
}

} // namespace delineate::project
