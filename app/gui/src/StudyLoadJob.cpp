#include "gui/StudyLoadJob.h"

#include "labels/LabelTableSidecar.h"

#include <QtConcurrent/QtConcurrentRun>

namespace delineate::app {

StudyLoadJob::StudyLoadJob(QObject* parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, [this] {
        const Outcome outcome = m_watcher.result();
        if (outcome.loaded)
            Q_EMIT loaded(*outcome.loaded, m_path);
        else if (outcome.choice)
            Q_EMIT seriesChoiceNeeded(*outcome.choice, m_labelsPath);
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

bool StudyLoadJob::start(const Request& request)
{
    if (isRunning())
        return false;
    m_path = request.path;
    m_labelsPath = request.labelsPath;
    m_watcher.setFuture(QtConcurrent::run([request] { return load(request); }));
    return true;
}

StudyLoadJob::Outcome StudyLoadJob::load(const Request& request)
{
    Outcome outcome;
    const QString& path = request.path;
    try {
        // One scan serves both the choice and the loading (listing a non-DICOM file only detects its format).
        std::optional<io::SeriesListing> listing = request.listing;
        if (!listing) {
            Result<io::SeriesListing> listed = io::listSeries(path.toStdString());
            if (!listed) {
                outcome.error = listed.error();
                return outcome;
            }
            listing = std::move(listed).value();
        }
        if (!request.options && listing->series.size() > 1) {
            outcome.choice = std::move(listing);
            return outcome;
        }
        Result<io::Study> study = io::loadStudy(*listing, request.options.value_or(io::LoadOptions{}));
        if (!study) {
            outcome.error = study.error();
            return outcome;
        }
        LoadedStudy loaded;
        loaded.study = std::make_shared<const io::Study>(std::move(study).value());
        if (listing->series.size() > 1)
            loaded.listing = std::move(listing);
        QString labelsPath = request.labelsPath;
        if (labelsPath.isEmpty())
            for (const Request::KnownLabels& known : request.known)
                if (known.options.seriesUid == loaded.study->seriesUid &&
                    known.options.stack == loaded.study->stack &&
                    known.options.frame == loaded.study->frame) {
                    labelsPath = known.labelsPath;
                    loaded.labelsRecovered = known.recovered && !labelsPath.isEmpty();
                }
        if (!labelsPath.isEmpty()) {
            Result<image::LabelMap> labels = io::loadLabelMap(labelsPath.toStdString(), *loaded.study);
            if (labels) {
                loaded.labels = std::make_shared<const image::LabelMap>(std::move(labels).value());
                auto table = labels::readLabelTableSidecar(labelsPath.toStdString());
                if (table)
                    loaded.labelTable = std::move(table).value();
                else
                    loaded.labelTableError = table.error();
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
