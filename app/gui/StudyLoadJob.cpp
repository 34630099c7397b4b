#include "gui/StudyLoadJob.h"

#include "labels/LabelTableJson.h"

#include <QtConcurrent/QtConcurrentRun>

#include <filesystem>

namespace delineate::app {

StudyLoadJob::StudyLoadJob(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, [this] {
        const Outcome outcome = m_watcher.result();
        if (outcome.loaded)
            Q_EMIT loaded(*outcome.loaded, m_path);
        else
            Q_EMIT failed(
                outcome.error.value_or(Error{ErrorCode::Internal, m_path.toStdString(), "unknown error"}),
                m_path);
    });
}

StudyLoadJob::~StudyLoadJob()
{
    // The worker only touches its own copies; let it finish rather than leave it half-done at exit.
    m_watcher.waitForFinished();
}

bool StudyLoadJob::start(const QString& path, const QString& labelsPath)
{
    if (isRunning())
        return false;
    m_path = path;
    m_watcher.setFuture(QtConcurrent::run([path, labelsPath] { return load(path, labelsPath); }));
    return true;
}

StudyLoadJob::Outcome StudyLoadJob::load(const QString& path, const QString& labelsPath)
{
    Outcome outcome;
    try {
        Result<io::Study> study = io::loadStudy(path.toStdString());
        if (!study) {
            outcome.error = study.error();
            return outcome;
        }
        LoadedStudy loaded;
        loaded.study = std::make_shared<const io::Study>(std::move(study).value());
        if (!labelsPath.isEmpty()) {
            Result<image::LabelMap> labels = io::loadLabelMap(labelsPath.toStdString(), *loaded.study);
            if (labels) {
                loaded.labels = std::make_shared<const image::LabelMap>(std::move(labels).value());
                const std::string tablePath = labels::labelTablePathFor(labelsPath.toStdString());
                std::error_code ignored;
                if (std::filesystem::exists(tablePath, ignored))
                    if (Result<labels::LabelTable> table = labels::readLabelTableJson(tablePath))
                        loaded.labelTable = std::move(table).value();
            } else {
                loaded.labelsError = labels.error();
            }
        }
        outcome.loaded = std::move(loaded);
    } catch (const std::exception& e) {
        // The loaders report errors as values; this only catches the unexpected (e.g. out of memory).
        outcome.error = Error{ErrorCode::Internal, path.toStdString(), e.what()};
    }
    return outcome;
}

} // namespace delineate::app
