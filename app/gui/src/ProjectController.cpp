#include "gui/ProjectController.h"

#include "labeling/LabelSession.h"
#include "project/LabelExport.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>
#include <atomic>

namespace delineate::app {
namespace {

io::LoadOptions optionsOf(const project::StudyKey& key)
{
    io::LoadOptions options;
    options.seriesUid = key.seriesUid;
    options.stack = key.stack;
    options.frame = key.frame;
    return options;
}

ProjectController::OpenPlan fromCore(const project::OpenPlan& plan)
{
    return {QString::fromStdString(plan.study.path), optionsOf(plan.study),
            QString::fromStdString(plan.labelsPath), plan.recovered};
}

// What a project lists beside a DICOM study's path: its series (and stack), and the frame of a 4D image.
QString describeStudy(const io::Study& study)
{
    QString text;
    if (study.series) {
        const io::SeriesEntry& series = *study.series;
        text = QStringLiteral("series %1").arg(series.seriesNumber);
        if (!series.seriesDescription.empty())
            text += QStringLiteral(": ") + QString::fromStdString(series.seriesDescription);
        if (series.stackCount > 1)
            text += QStringLiteral(" (stack %1/%2%3)")
                        .arg(series.stack + 1)
                        .arg(series.stackCount)
                        .arg(series.stackLabel.empty()
                                 ? QString()
                                 : QStringLiteral(": ") + QString::fromStdString(series.stackLabel));
    }
    if (study.frameCount > 1)
        text += (text.isEmpty() ? QString() : QStringLiteral(", ")) +
                ProjectController::tr("frame %1 of %2").arg(study.frame + 1).arg(study.frameCount);
    return text;
}

QString defaultRecoveryFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/recovery");
}

// This window's name among the windows of all running instances: process id and a counter.
std::string recoveryOwner()
{
    static std::atomic<int> windows{0};
    return QStringLiteral("w%1-%2").arg(QCoreApplication::applicationPid()).arg(++windows).toStdString();
}

} // namespace

ProjectController::ProjectController(ui::LabelSession* session, QObject* parent,
                                     const QString& recoveryFolder)
    : QObject(parent), m_session(session),
      m_project((recoveryFolder.isEmpty() ? defaultRecoveryFolder() : recoveryFolder).toStdString(),
                recoveryOwner())
{
    if (m_session)
        connect(m_session, &ui::LabelSession::labelRenamed, this, &ProjectController::renameLabel);
}

void ProjectController::renameLabel(quint16 /*value*/, const QString& from, const QString& to)
{
    if (const Result<void> renamed = m_project.renameLabel(from.toStdString(), to.toStdString()); !renamed) {
        Q_EMIT message(tr("Label \u201c%1\u201d already has an adapter: the adapter of \u201c%2\u201d stays "
                          "with the name \u201c%2\u201d")
                           .arg(to, from));
        return;
    }
    Q_EMIT adaptersChanged();
}

Result<ProjectController::OpenPlan> ProjectController::beginOpen(const QString& folder)
{
    Result<project::OpenPlan> plan = m_project.beginOpen(folder.toStdString());
    if (!plan)
        return plan.error();
    return fromCore(plan.value());
}

std::vector<ProjectController::OpenPlan> ProjectController::plansAt(const QString& path) const
{
    std::vector<OpenPlan> plans;
    for (const project::OpenPlan& plan : m_project.plansAt(path.toStdString()))
        plans.push_back(fromCore(plan));
    return plans;
}

void ProjectController::completeOpen(LoadedStudy& loaded)
{
    if (std::optional<labels::LabelTable> table = m_project.completeOpen())
        loaded.labelTable = std::move(table);
    Q_EMIT adaptersChanged();
}

void ProjectController::cancelOpen()
{
    m_project.cancelOpen();
}

void ProjectController::setStudy(std::shared_ptr<const io::Study> study, const QString& path, bool recovered)
{
    m_study = std::move(study);
    m_unsavedMarks = false;
    const project::StudyKey key{path.toStdString(), m_study->seriesUid, m_study->stack, m_study->frame};
    const project::ProjectSession::Shown shown =
        m_project.showStudy(key, describeStudy(*m_study).toStdString(), recovered);
    if (!folder().isEmpty() && shown.added)
        Q_EMIT message(tr("Added %1 to the project").arg(QFileInfo(path).fileName()));
    if (shown.manifestError)
        Q_EMIT updateFailed(*shown.manifestError);
    Q_EMIT reviewedChanged();
    Q_EMIT adaptersChanged();
    Q_EMIT studiesChanged();
}

void ProjectController::closeStudy()
{
    m_study.reset();
    m_unsavedMarks = false;
    m_project.close();
    Q_EMIT studyClosed();
    Q_EMIT reviewedChanged();
    Q_EMIT adaptersChanged();
    Q_EMIT studiesChanged();
}

std::vector<ProjectController::StudySummary> ProjectController::studies() const
{
    std::vector<StudySummary> summaries;
    for (const project::StudySummary& study : m_project.studies()) {
        StudySummary summary;
        summary.path = QString::fromStdString(study.study.path);
        summary.options = optionsOf(study.study);
        const QFileInfo info(summary.path);
        summary.name = info.fileName().isEmpty() ? summary.path : info.fileName();
        if (!study.description.empty())
            summary.name += QStringLiteral(" — ") + QString::fromStdString(study.description);
        summary.reviewed = study.reviewed;
        summary.current = study.current;
        summaries.push_back(std::move(summary));
    }
    return summaries;
}

Result<void> ProjectController::save(const QString& folder)
{
    if (!m_study || !m_session->isOpen())
        return makeError(ErrorCode::InvalidArgument, folder.toStdString(), "no study to save");
    Result<void> written =
        m_project.save(folder.toStdString(), *m_session->labels(), *m_study, m_session->table());
    if (!written)
        return written;
    m_unsavedMarks = false;
    m_session->markSaved();
    Q_EMIT saved();
    Q_EMIT studiesChanged();
    return {};
}

Result<int> ProjectController::exportProject(const QString& folder)
{
    if (m_project.folder().empty())
        return makeError(ErrorCode::InvalidArgument, folder.toStdString(),
                         "only a saved project exports all studies");
    if (m_session->isOpen() && m_session->modified())
        if (Result<void> saved = save(); !saved)
            return saved.error();
    auto exported = m_project.exportAll(folder.toStdString());
    if (!exported)
        return exported.error();
    return int(std::count_if(exported->begin(), exported->end(),
                             [](const project::ProjectStore::ExportedStudy& e) { return !e.file.empty(); }));
}

Result<void> ProjectController::exportLabels(const QString& path, bool perLabel) const
{
    if (!m_study || !m_session->isOpen())
        return makeError(ErrorCode::InvalidArgument, path.toStdString(), "no study to export");
    // Every label map goes out with its provenance beside it (<name>.provenance.json).
    project::ExportContext context;
    context.generator =
        perLabel ? "Delineate (File > Export Labels per Label)" : "Delineate (File > Export Labels)";
    context.study = m_project.current() ? m_project.current()->path : std::string();
    context.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    if (!perLabel) {
        if (auto written = project::exportLabelMap(*m_session->labels(), *m_study, m_session->table(),
                                                   path.toStdString());
            !written)
            return written;
        context.labelMap = QFileInfo(path).fileName().toStdString();
        return project::exportProvenance(m_project.provenance(), *m_session->labels(), {}, context,
                                         path.toStdString());
    }
    auto written =
        project::exportPerLabel(*m_session->labels(), *m_study, m_session->table(), path.toStdString());
    if (!written)
        return written.error();
    const auto& entries = m_session->table().entries();
    for (std::size_t n = 0; n < written->size() && n < entries.size(); ++n) {
        context.labelMap = QFileInfo(QString::fromStdString((*written)[n])).fileName().toStdString();
        if (auto provenance = project::exportProvenance(m_project.provenance(), *m_session->labels(),
                                                        {entries[n].value}, context, (*written)[n]);
            !provenance)
            return provenance;
    }
    return {};
}

Result<void> ProjectController::exportProvenance(const QString& path, const std::string& generator) const
{
    if (!m_study || !m_session->isOpen())
        return makeError(ErrorCode::InvalidArgument, path.toStdString(), "no study to export");
    project::ExportContext context;
    context.generator = generator;
    context.study = m_project.current() ? m_project.current()->path : std::string();
    context.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    context.labelMap = QFileInfo(path).fileName().toStdString();
    return project::exportProvenance(m_project.provenance(), *m_session->labels(), {}, context,
                                     path.toStdString());
}

bool ProjectController::isReviewed(image::SliceAxis axis, std::int64_t slice) const
{
    return m_project.isReviewed(static_cast<int>(axis), slice);
}

void ProjectController::setReviewed(image::SliceAxis axis, std::int64_t slice, bool reviewed)
{
    if (isReviewed(axis, slice) == reviewed || !m_project.current())
        return;
    Result<void> written = m_project.setReviewed(static_cast<int>(axis), slice, reviewed);
    if (!written)
        Q_EMIT updateFailed(written.error()); // kept in memory; the next save writes it
    if (!written || folder().isEmpty())
        m_unsavedMarks = true; // only a save keeps them
    Q_EMIT reviewedChanged();
}

QString ProjectController::absolutePath(const QString& relative) const
{
    return QString::fromStdString(m_project.absolutePath(relative.toStdString()));
}

Result<void> ProjectController::addAdapter(const project::AdapterEntry& adapter)
{
    Result<void> added = m_project.addAdapter(adapter);
    Q_EMIT adaptersChanged();
    return added;
}

Result<void> ProjectController::addRetrain(const project::RetrainRecord& record)
{
    Result<void> added = m_project.addRetrain(record);
    Q_EMIT adaptersChanged();
    return added;
}

Result<void> ProjectController::setActiveAdapter(const QString& label, const QString& file)
{
    const QString before = activeAdapter(label);
    Result<void> set = m_project.setActiveAdapter(label.toStdString(), file.toStdString());
    if (activeAdapter(label) != before)
        Q_EMIT adaptersChanged();
    return set;
}

} // namespace delineate::app
