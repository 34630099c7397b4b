#include "gui/StudyOpener.h"

#include "feedback/ErrorPresenter.h"
#include "feedback/FileDialogs.h"
#include "gui/AutosaveController.h"
#include "gui/ProjectController.h"
#include "gui/RecentStudies.h"
#include "gui/SeriesPickerDialog.h"
#include "labeling/LabelSession.h"
#include "labeling/SamAssistant.h"
#include "labels/LabelTableSidecar.h"
#include "project/ProjectSession.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAbstractButton>
#include <QApplication>
#include <QFileInfo>
#include <QInputDialog>
#include <QMainWindow>

#include <algorithm>

namespace delineate::app {
namespace {

QString displayName(const QString& path)
{
    return ui::ErrorPresenter::displayName(path);
}

} // namespace

StudyOpener::StudyOpener(const Parts& parts, QMainWindow* window)
    : QObject(window), m_window(window), m_parts(parts), m_loader(new StudyLoadJob(this))
{
    connect(m_loader, &StudyLoadJob::loaded, this, &StudyOpener::showLoaded);
    connect(m_loader, &StudyLoadJob::failed, this, &StudyOpener::showFailure);
    connect(m_loader, &StudyLoadJob::seriesChoiceNeeded, this,
            [this](const io::SeriesListing& listing, const QString& labelsPath) {
                showSeriesChoice(listing, labelsPath);
            });
    connect(m_parts.session, &ui::LabelSession::labelsReplaced, this, &StudyOpener::applyLabels);
}

bool StudyOpener::openStudy(const QString& path, const QString& labelsPath,
                            const std::optional<io::LoadOptions>& options)
{
    if (isLoading() || m_seriesPicker) {
        Q_EMIT status(tr("Still opening the previous study…"), 4000);
        return false;
    }
    if (!keepUnsavedWork())
        return false;
    startLoading(StudyLoadJob::Request{path, labelsPath, options, {}, {}});
    return true;
}

void StudyOpener::startLoading(const StudyLoadJob::Request& request)
{
    StudyLoadJob::Request planned = request;
    // A study of the open project comes with its saved (or newer autosaved) labels: those of the series,
    // stack and frame that loads (known only once loaded when the loader picks the series).
    if (planned.labelsPath.isEmpty())
        for (const ProjectController::OpenPlan& plan : m_parts.project->plansAt(planned.path))
            planned.known.push_back({plan.options, plan.labelsPath, plan.recovered});
    if (!m_loader->start(planned)) {
        Q_EMIT status(tr("Still opening the previous study…"), 4000);
        return;
    }
    setLoading(true, planned.path);
}

void StudyOpener::setLoading(bool loading, const QString& path)
{
    if (loading)
        QApplication::setOverrideCursor(Qt::BusyCursor);
    else
        QApplication::restoreOverrideCursor();
    Q_EMIT loadingChanged(loading, path);
}

void StudyOpener::showSeriesChoice(const io::SeriesListing& listing, const QString& labelsPath,
                                   const std::optional<io::LoadOptions>& current)
{
    setLoading(false);
    if (m_seriesPicker)
        m_seriesPicker->close();
    m_seriesPicker = new SeriesPickerDialog(listing, current, m_window);
    connect(m_seriesPicker, &QDialog::accepted, this, [this, picker = m_seriesPicker.data(), labelsPath] {
        StudyLoadJob::Request request{QString::fromStdString(picker->listing().path),
                                      labelsPath,
                                      picker->chosen(),
                                      picker->listing(),
                                      {}};
        m_seriesPicker.clear();
        startLoading(request);
    });
    connect(m_seriesPicker, &QDialog::rejected, this, [this, path = QString::fromStdString(listing.path)] {
        m_seriesPicker.clear();
        Q_EMIT status(tr("Opening %1 cancelled").arg(displayName(path)), 4000);
        Q_EMIT openFailed(path);
    });
    Q_EMIT status(tr("%1 holds %n series: choose one", nullptr, int(listing.series.size()))
                      .arg(displayName(QString::fromStdString(listing.path))),
                  0);
    m_seriesPicker->open();
    Q_EMIT seriesChoiceShown();
}

SeriesPickerDialog* StudyOpener::seriesPicker() const
{
    return m_seriesPicker.data();
}

void StudyOpener::chooseSeries()
{
    if (!m_study.listing || isLoading() || m_seriesPicker || !keepUnsavedWork())
        return;
    io::LoadOptions current;
    current.seriesUid = m_study.study->seriesUid;
    current.stack = m_study.study->stack;
    showSeriesChoice(*m_study.listing, {}, current);
}

bool StudyOpener::openFrame(int frame)
{
    if (!m_study.study || frame < 0 || frame >= m_study.study->frameCount)
        return false;
    if (isLoading() || m_seriesPicker || !keepUnsavedWork())
        return false;
    io::LoadOptions options;
    options.seriesUid = m_study.study->seriesUid;
    options.stack = m_study.study->stack;
    options.frame = frame;
    startLoading(StudyLoadJob::Request{m_studyPath, {}, options, m_study.listing, {}});
    return true;
}

void StudyOpener::chooseFrameDialog()
{
    if (!m_study.study || m_study.study->frameCount < 2)
        return;
    bool ok = false;
    const int frame = QInputDialog::getInt(m_window, tr("Choose Frame"),
                                           tr("%1 is a 4D image with %2 frames. Frame to open:")
                                               .arg(displayName(m_studyPath))
                                               .arg(m_study.study->frameCount),
                                           m_study.study->frame + 1, 1, m_study.study->frameCount, 1, &ok);
    if (ok)
        openFrame(frame - 1);
}

void StudyOpener::openLabelMap(const QString& path)
{
    if (!m_study.study || !keepUnsavedWork())
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    Result<image::LabelMap> labels = io::loadLabelMap(path.toStdString(), *m_study.study);
    QApplication::restoreOverrideCursor();
    if (!labels) {
        showError(labels.error(), ui::ErrorAction::OpenLabelMap, path);
        return;
    }
    m_study.labels = std::make_shared<const image::LabelMap>(std::move(labels).value());
    m_study.labelTable.reset();
    auto table = labels::readLabelTableSidecar(path.toStdString());
    if (table)
        m_study.labelTable = std::move(table).value();
    else
        tableUnreadable(table.error());
    m_parts.session->reset(*m_study.labels, m_study.labelTable.value_or(labels::LabelTable{}));
    Q_EMIT labelsImported();
}

void StudyOpener::showLoaded(const LoadedStudy& loaded, const QString& path)
{
    setLoading(false);
    m_study = loaded;
    m_studyPath = path;
    if (m_parts.project->opening())
        m_parts.project->completeOpen(m_study);
    m_parts.viewer->setVolume(m_study.volume());
    m_parts.assistant->setStudy(m_study.volume(), path);
    m_parts.project->setStudy(m_study.study, path, m_study.labelsRecovered);
    // Recovered edits (an autosave newer than the saved labels) are unsaved work: the session starts
    // modified, so they are saved or deliberately discarded, never dropped silently.
    m_parts.session->reset(m_study.labels ? *m_study.labels
                                          : image::LabelMap::createFor(m_study.study->volume).value(),
                           m_study.labelTable.value_or(labels::LabelTable{}), !m_study.labelsRecovered);
    // A project's study is reopened through its project (Open Recent lists the folder).
    m_parts.recent->add(m_parts.project->folder().isEmpty() ? path : m_parts.project->folder());
    const image::Volume& volume = m_study.study->volume;
    QString opened =
        tr("Opened %1: %2").arg(displayName(path), QString::fromStdString(volume.geometry().describe()));
    if (!volume.notes.empty())
        opened += tr(" (%n note(s): File > Study Information)", nullptr, int(volume.notes.size()));
    Q_EMIT status(opened, 10000);
    if (m_study.labelsRecovered)
        Q_EMIT status(tr("Recovered unsaved edits from the autosave"), 10000);
    if (m_study.labelsError)
        showError(*m_study.labelsError, ui::ErrorAction::OpenLabelMap,
                  QString::fromStdString(m_study.labelsError->path));
    if (m_study.labelTableError)
        tableUnreadable(*m_study.labelTableError);
    Q_EMIT studyOpened(path);
}

void StudyOpener::tableUnreadable(const Error& error)
{
    // The labels open with "Label N" names; the status bar says which table could not be read and why.
    const QString path = QString::fromStdString(error.path);
    Q_EMIT status(ui::ErrorPresenter::present(error, ui::ErrorAction::ImportLabelDescriptions, path).text(),
                  15000);
}

void StudyOpener::applyLabels()
{
    if (!m_parts.viewer->setLabels(m_parts.session->labels(), m_parts.session->palette())) {
        m_study.labels.reset();
        m_study.labelTable.reset();
        showError(Error{ErrorCode::SizeMismatch, {}, "label map grid differs from the image grid"},
                  ui::ErrorAction::OpenLabelMap, m_studyPath);
    }
}

void StudyOpener::showFailure(const Error& error, const QString& path)
{
    setLoading(false);
    const bool project = m_parts.project->opening();
    m_parts.project->cancelOpen();
    if (error.code == ErrorCode::FileNotFound)
        m_parts.recent->remove(path);
    showError(error, project ? ui::ErrorAction::OpenProject : ui::ErrorAction::OpenStudy, path);
    Q_EMIT openFailed(path);
}

void StudyOpener::showError(const Error& error, ui::ErrorAction action, const QString& subject,
                            const QString& note)
{
    if (m_errorDialog)
        m_errorDialog->close();
    m_errorDialog = ErrorDialog::showFor(error, action, subject, m_window, note);
    Q_EMIT status(m_errorDialog->text(), 10000);
}

void StudyOpener::closeStudy()
{
    if (!keepUnsavedWork())
        return;
    m_parts.assistant->setStudy(nullptr, {});
    m_parts.project->closeStudy();
    m_parts.session->clear();
    m_parts.viewer->setVolume(nullptr);
    m_study = {};
    m_studyPath.clear();
    Q_EMIT studyClosed();
}

bool StudyOpener::openProject(const QString& folder)
{
    if (isLoading())
        return false;
    // A project that cannot be read is refused before anything is asked about (or done to) the shown
    // study's unsaved edits.
    if (Result<project::Project> manifest = project::ProjectSession::readManifest(folder.toStdString());
        !manifest) {
        showError(manifest.error(), ui::ErrorAction::OpenProject, folder);
        return false;
    }
    if (!keepUnsavedWork())
        return false;
    Result<ProjectController::OpenPlan> plan = m_parts.project->beginOpen(folder);
    if (!plan) {
        showError(plan.error(), ui::ErrorAction::OpenProject, folder);
        return false;
    }
    // The labels come as "known" ones so that an autosave they are recovered from is reported.
    startLoading(StudyLoadJob::Request{
        plan->studyPath, {}, plan->options, {}, {{plan->options, plan->labelsPath, plan->recovered}}});
    return true;
}

Result<void> StudyOpener::saveProject(const QString& folder)
{
    Result<void> saved = m_parts.project->save(folder);
    if (saved) {
        m_parts.recent->add(m_parts.project->folder());
        Q_EMIT status(tr("Saved project %1").arg(m_parts.project->folder()), 6000);
    }
    return saved;
}

QString StudyOpener::suggestedProjectName() const
{
    const QString name = QFileInfo(m_studyPath).fileName().section(QLatin1Char('.'), 0, 0);
    return name.isEmpty() ? tr("Project") : tr("%1 project").arg(name);
}

void StudyOpener::stepProjectStudy(int step)
{
    const std::vector<ProjectController::StudySummary> studies = m_parts.project->studies();
    const auto current = std::find_if(studies.begin(), studies.end(),
                                      [](const ProjectController::StudySummary& s) { return s.current; });
    if (studies.size() < 2 || current == studies.end() || isLoading())
        return;
    const auto n = static_cast<std::ptrdiff_t>(studies.size());
    const std::ptrdiff_t next = ((current - studies.begin()) + step % n + n) % n;
    const ProjectController::StudySummary& target = studies[static_cast<std::size_t>(next)];
    openStudy(target.path, {}, target.options);
}

bool StudyOpener::hasUnsavedWork() const
{
    return m_parts.session->isOpen() && (m_parts.session->modified() || m_parts.project->hasUnsavedMarks());
}

bool StudyOpener::keepUnsavedWork()
{
    if (!hasUnsavedWork())
        return true;
    const QString name = displayName(m_studyPath);
    if (!m_parts.project->folder().isEmpty()) {
        const Result<void> saved = saveProject();
        if (saved)
            return true;
        showError(saved.error(), ui::ErrorAction::SaveProject, m_parts.project->folder(),
                  tr("The labels of %1 are kept in memory and the study stays open.").arg(name));
        return false;
    }
    QMessageBox box(QMessageBox::Warning, tr("Unsaved Labels"),
                    tr("The labels of %1 have changes that are not saved.").arg(name),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, m_window);
    box.setInformativeText(tr("Save them as a project to keep them."));
    box.button(QMessageBox::Save)->setText(tr("Save as Project…"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Discard:
        m_parts.autosave->discardAutosave(); // deliberately dropped: not to be "recovered" next time
        return true;
    case QMessageBox::Save: {
        const QString folder =
            ui::FileDialogs::newFolder(m_window, tr("Save Project in Folder"), suggestedProjectName());
        if (folder.isEmpty())
            return false;
        if (const Result<void> saved = saveProject(folder); !saved) {
            showError(saved.error(), ui::ErrorAction::SaveProject, folder);
            return false;
        }
        return true;
    }
    default:
        return false;
    }
}

} // namespace delineate::app
