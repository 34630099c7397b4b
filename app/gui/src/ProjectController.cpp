#include "gui/ProjectController.h"

#include "base/AtomicFile.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "labels/LabelTableJson.h"
#include "project/ProjectStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <filesystem>

namespace delineate::app {
namespace {

namespace fs = std::filesystem;

bool newer(const std::string& candidate, const std::string& reference)
{
    std::error_code ec;
    if (!fs::exists(candidate, ec))
        return false;
    if (!fs::exists(reference, ec))
        return true;
    return fs::last_write_time(candidate, ec) > fs::last_write_time(reference, ec);
}

QString fileSafe(std::string name)
{
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            c = '_';
    return QString::fromStdString(name);
}

} // namespace

ProjectController::ProjectController(ui::LabelSession* session, QObject* parent)
    : QObject(parent), m_session(session)
{
    m_autosaveTimer.setSingleShot(true);
    m_autosaveTimer.setInterval(kAutosaveDelayMs);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &ProjectController::autosaveNow);
    connect(m_session, &ui::LabelSession::historyChanged, this, &ProjectController::scheduleAutosave);
    m_autosaveRetryTimer.setSingleShot(true);
    m_autosaveRetryTimer.setInterval(kAutosaveRetryMs);
    connect(&m_autosaveRetryTimer, &QTimer::timeout, this, &ProjectController::autosaveNow);
    connect(&m_autosaveWatcher, &QFutureWatcher<QString>::finished, this, &ProjectController::finishAutosave);
}

ProjectController::~ProjectController()
{
    m_autosaveWatcher.waitForFinished();
}

namespace {

io::LoadOptions optionsOf(const project::StudyEntry& study)
{
    io::LoadOptions options;
    options.seriesUid = study.seriesUid;
    options.stack = study.stack;
    options.frame = study.frame;
    return options;
}

// What a project lists beside a DICOM study's path: its series (and stack).
std::string describeStudy(const io::Study& study)
{
    if (!study.series)
        return {};
    const io::SeriesEntry& series = *study.series;
    std::string text = "series " + std::to_string(series.seriesNumber);
    if (!series.seriesDescription.empty())
        text += ": " + series.seriesDescription;
    if (series.stackCount > 1)
        text += " (stack " + std::to_string(series.stack + 1) + "/" + std::to_string(series.stackCount) +
                (series.stackLabel.empty() ? "" : ": " + series.stackLabel) + ")";
    return text;
}

// What opening `study` of the project in `store` loads: its saved labels, or the autosave when newer.
ProjectController::OpenPlan planFor(const project::ProjectStore& store, const project::StudyEntry& study)
{
    ProjectController::OpenPlan plan;
    plan.studyPath = QString::fromStdString(store.resolveStudyPath(study));
    plan.options = optionsOf(study);
    const std::string labels = store.labelMapPath(study);
    const std::string autosave = store.autosavePath(study);
    std::error_code ec;
    if (newer(autosave, study.labelFile.empty() ? std::string() : labels)) {
        plan.labelsPath = QString::fromStdString(autosave);
        plan.recovered = true;
    } else if (!study.labelFile.empty() && fs::exists(labels, ec)) {
        plan.labelsPath = QString::fromStdString(labels);
    }
    return plan;
}

constexpr const char* kCurrentStudyKey = "currentStudy";

// Studies opened without a project autosave here: <stem>.nii.gz (labels), <stem>.json (label table),
// <stem>.study.json (which study), stem = hash of the study's path, series, stack and frame.
QString recoveryFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/recovery");
}

QString recoveryStem(const project::StudyEntry& study)
{
    const QByteArray key = QByteArray::fromStdString(study.path + '\n' + study.seriesUid + '\n' +
                                                     std::to_string(study.stack) + '\n' + std::to_string(study.frame));
    return recoveryFolder() + QLatin1Char('/') +
           QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(20));
}

QByteArray recoveryInfo(const project::StudyEntry& study)
{
    return QJsonDocument(QJsonObject{{"path", QString::fromStdString(study.path)},
                                     {"series_uid", QString::fromStdString(study.seriesUid)},
                                     {"stack", study.stack},
                                     {"frame", study.frame}})
        .toJson();
}

} // namespace

std::optional<ProjectController::OpenPlan> ProjectController::beginOpen(const QString& folder, QString& error)
{
    const project::ProjectStore store(folder.toStdString());
    Result<project::Project> loaded = store.load();
    if (!loaded) {
        error = QString::fromStdString(loaded.error().message());
        return std::nullopt;
    }
    const project::Project& manifest = loaded.value();
    if (manifest.studies.empty()) {
        error = tr("%1 lists no study").arg(folder);
        return std::nullopt;
    }
    const project::StudyEntry* study = nullptr;
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

const project::StudyEntry* ProjectController::studyAt(const QString& path, const io::LoadOptions& options) const
{
    if (m_folder.isEmpty())
        return nullptr;
    const project::ProjectStore store(m_folder.toStdString());
    for (const project::StudyEntry& study : m_project.studies)
        if (study.seriesUid == options.seriesUid && study.stack == options.stack && study.frame == options.frame &&
            QFileInfo(QString::fromStdString(store.resolveStudyPath(study))) == QFileInfo(path))
            return &study;
    return nullptr;
}

std::vector<ProjectController::OpenPlan> ProjectController::plansAt(const QString& path) const
{
    std::vector<OpenPlan> plans;
    if (m_folder.isEmpty()) {
        // Without a project: edits autosaved before a crash (or a kill) of an earlier session.
        const QDir folder(recoveryFolder());
        for (const QString& name : folder.entryList({QStringLiteral("*.study.json")}, QDir::Files)) {
            QFile file(folder.filePath(name));
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QJsonObject info = QJsonDocument::fromJson(file.read(1 << 16)).object();
            const QString labels = folder.filePath(name.chopped(int(sizeof(".study.json")) - 1) + QStringLiteral(".nii.gz"));
            if (QFileInfo(info.value("path").toString()) != QFileInfo(path) || !QFileInfo::exists(labels))
                continue;
            OpenPlan plan;
            plan.studyPath = path;
            plan.options.seriesUid = info.value("series_uid").toString().toStdString();
            plan.options.stack = info.value("stack").toInt();
            plan.options.frame = info.value("frame").toInt();
            plan.labelsPath = labels;
            plan.recovered = true;
            plans.push_back(std::move(plan));
        }
        return plans;
    }
    const project::ProjectStore store(m_folder.toStdString());
    for (const project::StudyEntry& study : m_project.studies)
        if (QFileInfo(QString::fromStdString(store.resolveStudyPath(study))) == QFileInfo(path))
            plans.push_back(planFor(store, study));
    return plans;
}

std::vector<ProjectController::StudySummary> ProjectController::studies() const
{
    std::vector<StudySummary> summaries;
    if (m_folder.isEmpty())
        return summaries;
    const project::ProjectStore store(m_folder.toStdString());
    for (const project::StudyEntry& study : m_project.studies) {
        StudySummary summary;
        summary.path = QString::fromStdString(store.resolveStudyPath(study));
        summary.options = optionsOf(study);
        const QFileInfo info(summary.path);
        summary.name = info.fileName().isEmpty() ? summary.path : info.fileName();
        if (!study.description.empty())
            summary.name += QStringLiteral(" — ") + QString::fromStdString(study.description);

        for (const auto& [axis, slices] : study.reviewed)
            summary.reviewed += slices.size();
        summary.current = study.id == m_studyId;
        summaries.push_back(std::move(summary));
    }
    return summaries;
}

void ProjectController::completeOpen(LoadedStudy& loaded)
{
    const project::ProjectStore store(m_openingFolder.toStdString());
    if (Result<labels::LabelTable> table = labels::readLabelTableJson(store.labelTablePath()))
        loaded.labelTable = std::move(table).value();
    m_folder = m_openingFolder;
    m_openingFolder.clear();
    m_projectBeforeOpen = {};
    Q_EMIT adaptersChanged();
}

void ProjectController::cancelOpen()
{
    // Only a project being opened is undone: the study shown meanwhile keeps its entry (a failed or
    // cancelled open of another study must not drop it).
    if (m_openingFolder.isEmpty())
        return;
    m_openingFolder.clear();
    m_project = std::move(m_projectBeforeOpen);
    m_projectBeforeOpen = {};
}

void ProjectController::setStudy(std::shared_ptr<const io::Study> study, const QString& path)
{
    m_study = std::move(study);
    if (m_folder.isEmpty())
        m_project = {};
    io::LoadOptions shown;
    shown.seriesUid = m_study->seriesUid;
    shown.stack = m_study->stack;
    shown.frame = m_study->frame;
    const project::StudyEntry* existing = studyAt(path, shown);
    if (existing) {
        m_studyId = existing->id;
    } else {
        project::StudyEntry& added = m_project.addStudy(QFileInfo(path).absoluteFilePath().toStdString(),
                                                        shown.seriesUid, shown.frame, shown.stack);
        QString description = QString::fromStdString(describeStudy(*m_study));
        if (m_study->frameCount > 1)
            description += (description.isEmpty() ? QString() : QStringLiteral(", ")) +
                           tr("frame %1 of %2").arg(m_study->frame + 1).arg(m_study->frameCount);
        added.description = description.toStdString();
        m_studyId = added.id;
    }
    if (!m_folder.isEmpty()) {
        if (!existing)
            Q_EMIT message(tr("Added %1 to the project").arg(QFileInfo(path).fileName()));
        // The project now lists this study (a crash before the next save still finds its autosave)
        // and opens it next time.
        m_project.settings[kCurrentStudyKey] = m_studyId;
        if (const QString error = saveManifest(); !error.isEmpty())
            Q_EMIT message(tr("Could not update the project: %1").arg(error));
    }
    Q_EMIT reviewedChanged();
    Q_EMIT adaptersChanged();
    Q_EMIT studiesChanged();
}

void ProjectController::closeStudy()
{
    m_autosaveTimer.stop();
    setAutosaveFailure({});
    m_study.reset();
    m_studyId.clear();
    m_folder.clear();
    m_project = {};
    Q_EMIT reviewedChanged();
    Q_EMIT adaptersChanged();
    Q_EMIT studiesChanged();
}

project::StudyEntry* ProjectController::entry()
{
    return m_project.findStudy(m_studyId);
}

const project::StudyEntry* ProjectController::entry() const
{
    return m_project.findStudy(m_studyId);
}

QString ProjectController::save(const QString& folder)
{
    const QString target = folder.isEmpty() ? m_folder : folder;
    if (target.isEmpty() || !m_study || !m_session->isOpen() || !entry())
        return tr("Nothing to save");
    const project::ProjectStore store(target.toStdString());
    if (auto created = store.create(); !created)
        return QString::fromStdString(created.error().message());
    // Save As: bring the other studies' label maps and the adapters along before the manifest
    // that references them is written.
    if (!m_folder.isEmpty())
        if (auto copied = store.copyFilesFrom(project::ProjectStore(m_folder.toStdString()), m_project); !copied)
            return QString::fromStdString(copied.error().message());
    project::StudyEntry& study = *entry();
    study.path = fs::absolute(study.path).string();
    study.relativePath = fs::relative(study.path, target.toStdString()).string();
    study.labelFile = "labels.nii.gz";
    std::error_code ec;
    fs::create_directories(store.studyFolder(study), ec);
    if (auto written = io::saveLabelMap(*m_session->labels(), *m_study, store.labelMapPath(study)); !written)
        return QString::fromStdString(written.error().message());
    if (auto written = labels::writeLabelTableJson(m_session->table(), store.labelTablePath()); !written)
        return QString::fromStdString(written.error().message());
    if (m_project.name.empty())
        m_project.name = QFileInfo(target).fileName().toStdString();
    m_project.settings[kCurrentStudyKey] = m_studyId;
    if (auto written = store.save(m_project); !written)
        return QString::fromStdString(written.error().message());
    removeAutosave(); // the project's, or the recovery copy of a study that had no project yet
    fs::remove(store.autosavePath(study), ec);
    m_folder = target;
    m_autosaveTimer.stop();
    setAutosaveFailure({}); // the edits are on disk now
    m_session->markSaved();
    Q_EMIT studiesChanged();
    return {};
}

QString ProjectController::exportProject(const QString& folder, int* written)
{
    if (m_folder.isEmpty())
        return tr("Save the labels as a project first");
    if (m_session->isOpen() && m_session->modified())
        if (const QString error = save(); !error.isEmpty())
            return error;
    const project::ProjectStore store(m_folder.toStdString());
    auto exported = store.exportLabelMaps(m_project, folder.toStdString());
    if (!exported)
        return QString::fromStdString(exported.error().message());
    if (written)
        *written = int(std::count_if(exported->begin(), exported->end(),
                                     [](const project::ProjectStore::ExportedStudy& e) { return !e.file.empty(); }));
    return {};
}

QString ProjectController::exportLabels(const QString& path, bool perLabel) const
{
    if (!m_study || !m_session->isOpen())
        return tr("Nothing to export");
    const image::LabelMap& labels = *m_session->labels();
    if (!perLabel) {
        if (auto written = io::saveLabelMap(labels, *m_study, path.toStdString()); !written)
            return QString::fromStdString(written.error().message());
        if (auto written = labels::writeLabelTableJson(m_session->table(),
                                                       labels::labelTablePathFor(path.toStdString()));
            !written)
            return QString::fromStdString(written.error().message());
        return {};
    }
    const QDir folder = QFileInfo(path).dir();
    // PNG masks (2D studies) are 0 / 255 so they show as masks anywhere; NIfTI ones 0 / 1.
    const bool png = path.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive);
    const image::LabelMap::Value on = png ? 255 : 1;
    for (const labels::LabelEntry& label : m_session->table().entries()) {
        image::LabelMap single = labels;
        for (std::size_t v = 0; v < single.voxelCount(); ++v)
            single.data()[v] = single.data()[v] == label.value ? on : 0;
        const QString file = folder.filePath(QStringLiteral("%1-%2%3")
                                                 .arg(label.value)
                                                 .arg(fileSafe(label.name))
                                                 .arg(png ? QStringLiteral(".png") : QStringLiteral(".nii.gz")));
        if (auto written = io::saveLabelMap(single, *m_study, file.toStdString()); !written)
            return QString::fromStdString(written.error().message());
    }
    return {};
}

bool ProjectController::isReviewed(image::SliceAxis axis, std::int64_t slice) const
{
    const project::StudyEntry* study = entry();
    if (!study)
        return false;
    const auto it = study->reviewed.find(static_cast<int>(axis));
    return it != study->reviewed.end() && it->second.count(slice);
}

void ProjectController::setReviewed(image::SliceAxis axis, std::int64_t slice, bool reviewed)
{
    project::StudyEntry* study = entry();
    if (!study || isReviewed(axis, slice) == reviewed)
        return;
    auto& slices = study->reviewed[static_cast<int>(axis)];
    if (reviewed)
        slices.insert(slice);
    else
        slices.erase(slice);
    if (!m_folder.isEmpty())
        (void)project::ProjectStore(m_folder.toStdString()).save(m_project);
    Q_EMIT reviewedChanged();
}

std::size_t ProjectController::reviewedCount() const
{
    std::size_t count = 0;
    if (const project::StudyEntry* study = entry())
        for (const auto& [axis, slices] : study->reviewed)
            count += slices.size();
    return count;
}

std::map<int, std::set<std::int64_t>> ProjectController::reviewedSlices() const
{
    const project::StudyEntry* study = entry();
    return study ? study->reviewed : std::map<int, std::set<std::int64_t>>{};
}

QString ProjectController::adaptersFolder() const
{
    if (m_folder.isEmpty())
        return {};
    return QString::fromStdString(project::ProjectStore(m_folder.toStdString()).adaptersFolder());
}

QString ProjectController::absolutePath(const QString& relative) const
{
    return relative.isEmpty() || m_folder.isEmpty() ? relative : QDir(m_folder).absoluteFilePath(relative);
}

QString ProjectController::addAdapter(const project::AdapterEntry& adapter)
{
    if (m_folder.isEmpty())
        return tr("Save the project first: adapters are stored in the project folder");
    m_project.adapters.push_back(adapter);
    m_project.activeAdapter = adapter.file;
    Q_EMIT adaptersChanged();
    return saveManifest();
}

QString ProjectController::setActiveAdapter(const QString& file)
{
    const std::string name = file.toStdString();
    const bool known =
        name.empty() || std::any_of(m_project.adapters.begin(), m_project.adapters.end(),
                                    [&](const project::AdapterEntry& a) { return a.file == name; });
    if (!known)
        return tr("%1 is not an adapter of this project").arg(file);
    if (m_project.activeAdapter == name)
        return {};
    m_project.activeAdapter = name;
    Q_EMIT adaptersChanged();
    return saveManifest();
}

QString ProjectController::saveManifest()
{
    if (m_folder.isEmpty())
        return {};
    auto written = project::ProjectStore(m_folder.toStdString()).save(m_project);
    return written ? QString() : QString::fromStdString(written.error().message());
}

void ProjectController::scheduleAutosave()
{
    if (!m_study || !entry())
        return;
    if (m_session->modified()) {
        m_autosaveTimer.start();
    } else if (!m_autosaveWatcher.isRunning()) {
        // Saved, or undone back to the saved state: an autosave would bring back a state left behind.
        m_autosaveTimer.stop();
        setAutosaveFailure({});
        removeAutosave();
    }
}

void ProjectController::finishAutosave()
{
    const QString error = m_autosaveWatcher.result();
    if (!error.isEmpty()) {
        if (!m_study || !m_session->modified())
            return; // saved, discarded or closed meanwhile: nothing is left to autosave
        // Nothing is lost: the edits stay in memory, the window says so until an autosave succeeds.
        setAutosaveFailure(error);
        Q_EMIT autosaveFailed(m_lastAutosave, error);
        m_autosaveRetryTimer.start();
        return;
    }
    setAutosaveFailure({});
    // Undone back to the saved state while it was written: the autosave is stale already.
    if (!m_session->modified())
        removeAutosave();
    else
        Q_EMIT autosaved(m_lastAutosave);
}

void ProjectController::setAutosaveFailure(const QString& failure)
{
    if (failure.isEmpty())
        m_autosaveRetryTimer.stop();
    if (failure == m_autosaveFailure)
        return;
    m_autosaveFailure = failure;
    Q_EMIT autosaveStateChanged();
}

QString ProjectController::autosavePath() const
{
    if (!entry())
        return {};
    if (!m_folder.isEmpty())
        return QString::fromStdString(project::ProjectStore(m_folder.toStdString()).autosavePath(*entry()));
    return recoveryStem(*entry()) + QStringLiteral(".nii.gz");
}

void ProjectController::removeAutosave()
{
    const QString path = autosavePath();
    if (path.isEmpty())
        return;
    QFile::remove(path);
    if (m_folder.isEmpty()) {
        QFile::remove(QString::fromStdString(labels::labelTablePathFor(path.toStdString())));
        QFile::remove(recoveryStem(*entry()) + QStringLiteral(".study.json"));
    }
}

bool ProjectController::autosaveNow()
{
    if (!m_study || !m_session->modified() || !entry() || m_autosaveWatcher.isRunning())
        return false;
    if (!m_folder.isEmpty())
        (void)project::ProjectStore(m_folder.toStdString()).create();
    else
        QDir().mkpath(recoveryFolder());
    m_lastAutosave = autosavePath();
    // Without a project the label table and which study it is go along (a project keeps both itself).
    const QByteArray info = m_folder.isEmpty() ? recoveryInfo(*entry()) : QByteArray();
    const QString infoPath = m_folder.isEmpty() ? recoveryStem(*entry()) + QStringLiteral(".study.json") : QString();
    std::optional<labels::LabelTable> table;
    if (m_folder.isEmpty())
        table = m_session->table();
    auto labels = std::make_shared<const image::LabelMap>(*m_session->labels()); // snapshot
    m_autosaveWatcher.setFuture(
        QtConcurrent::run([labels, study = m_study, path = m_lastAutosave.toStdString(), table, info, infoPath]() -> QString {
            if (auto written = io::saveLabelMap(*labels, *study, path); !written)
                return QString::fromStdString(written.error().detail); // the path is shown with it
            if (table)
                if (auto written = labels::writeLabelTableJson(*table, labels::labelTablePathFor(path)); !written)
                    return QString::fromStdString(written.error().message());
            if (!infoPath.isEmpty())
                if (auto written = writeFileAtomically(infoPath.toStdString(), info.toStdString()); !written)
                    return QString::fromStdString(written.error().message());
            return QString();
        }));
    return true;
}

void ProjectController::discardAutosave()
{
    m_autosaveTimer.stop();
    setAutosaveFailure({});
    m_autosaveWatcher.waitForFinished();
    removeAutosave();
}

} // namespace delineate::app
