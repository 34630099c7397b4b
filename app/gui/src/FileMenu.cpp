#include "gui/FileMenu.h"

#include "feedback/ErrorPresenter.h"
#include "feedback/FileDialogs.h"
#include "gui/NnUnetExportAction.h"
#include "gui/ProjectController.h"
#include "gui/RecentStudies.h"
#include "gui/StudyOpener.h"
#include "project/ProjectStore.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>
#include <QStatusBar>

namespace delineate::app {
namespace {

bool isProjectFolder(const QString& path)
{
    return project::ProjectStore::isProjectFolder(path.toStdString());
}

QString imageFileFilter()
{
    return FileMenu::tr(
        "Images (*.nii *.nii.gz *.mha *.mhd *.nrrd *.nhdr *.dcm *.png *.jpg *.jpeg *.tif *.tiff "
        "*.bmp DICOMDIR);;All files (*)");
}

} // namespace

FileMenu::FileMenu(StudyOpener* opener, ProjectController* project, RecentStudies* recent,
                   QMainWindow* window)
    : QObject(window), m_window(window), m_opener(opener), m_project(project), m_recent(recent)
{
    createActions();
    connect(m_recent, &RecentStudies::changed, this, &FileMenu::rebuildRecentMenu);
    connect(m_project, &ProjectController::studiesChanged, this, &FileMenu::rebuildStudiesMenu);
    connect(m_project, &ProjectController::studiesChanged, this, [this] {
        m_exportProject->setEnabled(!m_project->folder().isEmpty());
        m_exportNnUnet->setEnabled(!m_project->folder().isEmpty());
    });
}

QAction* FileMenu::action(const QString& text, const QKeySequence& shortcut)
{
    auto* created = new QAction(text, this);
    created->setShortcut(shortcut);
    return created;
}

void FileMenu::createActions()
{
    m_openFile = action(tr("&Open File…"), QKeySequence::Open);
    connect(m_openFile, &QAction::triggered, this, &FileMenu::openFileDialog);
    m_openFolder = action(tr("Open DICOM &Folder…"), QKeySequence(QStringLiteral("Ctrl+Shift+O")));
    connect(m_openFolder, &QAction::triggered, this, &FileMenu::openFolderDialog);
    m_openLabels = action(tr("Open &Label Map…"));
    connect(m_openLabels, &QAction::triggered, this, &FileMenu::openLabelMapDialog);
    m_openProject = action(tr("Open &Project…"), QKeySequence(QStringLiteral("Ctrl+Alt+O")));
    connect(m_openProject, &QAction::triggered, this, &FileMenu::openProjectDialog);
    m_saveProject = action(tr("&Save Project"), QKeySequence::Save);
    connect(m_saveProject, &QAction::triggered, this, &FileMenu::saveProject);
    m_saveProjectAs = action(tr("Save Project &As…"), QKeySequence::SaveAs);
    connect(m_saveProjectAs, &QAction::triggered, this, &FileMenu::saveProjectDialog);
    m_export = action(tr("&Export Labels…"), QKeySequence(QStringLiteral("Ctrl+E")));
    connect(m_export, &QAction::triggered, this, [this] { exportLabelsDialog(false); });
    m_exportPerLabel = action(tr("Export Labels &per Label…"));
    connect(m_exportPerLabel, &QAction::triggered, this, [this] { exportLabelsDialog(true); });
    m_exportProject = action(tr("Export All Studies of the Pro&ject…"));
    m_exportProject->setStatusTip(tr("Every study's label map, on its own grid, into one folder"));
    m_exportProject->setEnabled(false);
    connect(m_exportProject, &QAction::triggered, this, &FileMenu::exportProjectDialog);
    m_exportNnUnet = action(tr("Export Project as &nnU-Net Dataset…"));
    m_exportNnUnet->setStatusTip(
        tr("The project's studies and label maps in nnU-Net v2's raw data set layout"));
    m_exportNnUnet->setEnabled(false);
    connect(m_exportNnUnet, &QAction::triggered, new NnUnetExportAction(m_project, m_opener, m_window),
            &NnUnetExportAction::run);

    m_chooseSeries = action(tr("Choose &Series…"));
    m_chooseSeries->setStatusTip(tr("Open another image series of the shown DICOM folder"));
    connect(m_chooseSeries, &QAction::triggered, m_opener, &StudyOpener::chooseSeries);
    m_chooseFrame = action(tr("Choose F&rame…"));
    m_chooseFrame->setStatusTip(tr("Open another frame of the shown 4D image"));
    connect(m_chooseFrame, &QAction::triggered, m_opener, &StudyOpener::chooseFrameDialog);
    m_studyInfo = action(tr("Study &Information…"), QKeySequence(Qt::CTRL | Qt::Key_I));
    m_studyInfo->setStatusTip(tr("Show the study's grid, values and what the loader noted about it"));
    connect(m_studyInfo, &QAction::triggered, this, &FileMenu::studyInformationRequested);
    m_close = action(tr("&Close Study"), QKeySequence::Close);
    connect(m_close, &QAction::triggered, m_opener, &StudyOpener::closeStudy);

    m_nextStudy = action(tr("&Next Study in Project"), QKeySequence(QStringLiteral("Alt+PgDown")));
    connect(m_nextStudy, &QAction::triggered, this, [this] { m_opener->stepProjectStudy(+1); });
    m_previousStudy = action(tr("&Previous Study in Project"), QKeySequence(QStringLiteral("Alt+PgUp")));
    connect(m_previousStudy, &QAction::triggered, this, [this] { m_opener->stepProjectStudy(-1); });
    m_quit = action(tr("&Quit"), QKeySequence::Quit);
    connect(m_quit, &QAction::triggered, m_window, &QWidget::close);
    setStudyShown(false, false, false);
}

void FileMenu::fill(QMenu* file, const std::function<void(QMenu*)>& teamEntries)
{
    file->addAction(m_openFile);
    file->addAction(m_openFolder);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(m_chooseSeries);
    file->addAction(m_chooseFrame);
    file->addAction(m_studyInfo);
    file->addAction(m_openProject);
    m_studiesMenu = file->addMenu(tr("Project S&tudies"));
    file->addSeparator();
    file->addAction(m_saveProject);
    file->addAction(m_saveProjectAs);
    file->addSeparator();
    file->addAction(m_openLabels);
    file->addAction(m_export);
    file->addAction(m_exportPerLabel);
    file->addAction(m_exportProject);
    file->addAction(m_exportNnUnet);
    file->addSeparator();
    if (teamEntries) {
        teamEntries(file);
        file->addSeparator();
    }
    file->addAction(m_close);
    file->addAction(m_quit);
    rebuildRecentMenu();
    rebuildStudiesMenu();
    m_window->addActions({m_previousStudy, m_nextStudy});
}

void FileMenu::setStudyShown(bool shown, bool severalSeries, bool severalFrames)
{
    for (QAction* each :
         {m_openLabels, m_close, m_studyInfo, m_saveProject, m_saveProjectAs, m_export, m_exportPerLabel})
        each->setEnabled(shown);
    m_chooseSeries->setEnabled(shown && severalSeries);
    m_chooseFrame->setEnabled(shown && severalFrames);
}

void FileMenu::setLoading(bool loading)
{
    m_openFile->setEnabled(!loading);
    m_openFolder->setEnabled(!loading);
    if (m_recentMenu)
        m_recentMenu->setEnabled(!loading && !m_recent->paths().isEmpty());
}

void FileMenu::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList paths = m_recent->paths();
    for (const QString& path : paths) {
        const bool project = isProjectFolder(path);
        const QString name = ui::ErrorPresenter::displayName(path);
        QAction* open = m_recentMenu->addAction(project ? tr("%1 (project)").arg(name) : name);
        open->setToolTip(path);
        open->setStatusTip(path);
        connect(open, &QAction::triggered, this, [this, path, project] {
            if (project)
                m_opener->openProject(path);
            else
                m_opener->openStudy(path);
        });
    }
    if (!paths.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), m_recent, &RecentStudies::clear);
    }
    m_recentMenu->setEnabled(!paths.isEmpty());
}

void FileMenu::rebuildStudiesMenu()
{
    if (!m_studiesMenu)
        return;
    m_studiesMenu->clear();
    const std::vector<ProjectController::StudySummary> studies = m_project->studies();
    for (const ProjectController::StudySummary& study : studies) {
        const QString text = study.reviewed
                                 ? tr("%1 (%n reviewed)", nullptr, int(study.reviewed)).arg(study.name)
                                 : study.name;
        QAction* open = m_studiesMenu->addAction(text);
        open->setCheckable(true);
        open->setChecked(study.current);
        open->setToolTip(study.path);
        open->setStatusTip(study.path);
        connect(open, &QAction::triggered, this,
                [this, path = study.path, options = study.options, current = study.current] {
                    if (!current)
                        m_opener->openStudy(path, {}, options);
                });
    }
    m_studiesMenu->addSeparator();
    m_studiesMenu->addAction(m_previousStudy);
    m_studiesMenu->addAction(m_nextStudy);
    m_studiesMenu->setEnabled(!studies.empty());
    m_nextStudy->setEnabled(studies.size() > 1);
    m_previousStudy->setEnabled(studies.size() > 1);
}

void FileMenu::openFileDialog()
{
    const QString path = ui::FileDialogs::openFile(m_window, tr("Open Study"), imageFileFilter());
    if (!path.isEmpty())
        m_opener->openStudy(path);
}

void FileMenu::openFolderDialog()
{
    const QString path = ui::FileDialogs::openFolder(m_window, tr("Open DICOM Folder"));
    if (!path.isEmpty())
        m_opener->openStudy(path);
}

void FileMenu::openLabelMapDialog()
{
    if (!m_opener->study().study)
        return;
    const QString path = ui::FileDialogs::openFile(
        m_window, tr("Open Label Map"), tr("Label maps (*.nii *.nii.gz *.mha *.nrrd);;All files (*)"));
    if (!path.isEmpty())
        m_opener->openLabelMap(path);
}

void FileMenu::openProjectDialog()
{
    const QString folder = ui::FileDialogs::openFolder(m_window, tr("Open Project"));
    if (!folder.isEmpty())
        m_opener->openProject(folder);
}

void FileMenu::saveProject()
{
    if (m_project->folder().isEmpty())
        return saveProjectDialog();
    if (const Result<void> saved = m_opener->saveProject(); !saved)
        m_opener->showError(saved.error(), ui::ErrorAction::SaveProject, m_project->folder());
}

void FileMenu::saveProjectDialog()
{
    const QString folder =
        ui::FileDialogs::newFolder(m_window, tr("Save Project in Folder"), m_opener->suggestedProjectName());
    if (folder.isEmpty())
        return;
    if (const Result<void> saved = m_opener->saveProject(folder); !saved)
        m_opener->showError(saved.error(), ui::ErrorAction::SaveProject, folder);
}

void FileMenu::exportLabelsDialog(bool perLabel)
{
    // 2D studies (pictures, single images) can have PNG masks too.
    const auto& study = m_opener->study().study;
    const bool flat = study && study->volume.geometry().size[2] == 1;
    QString filter = tr("NIfTI (*.nii.gz *.nii)");
    if (flat)
        filter = tr("PNG masks (*.png)") + QStringLiteral(";;") + filter;
    const QString path = ui::FileDialogs::saveFile(
        m_window, perLabel ? tr("Export Labels per Label") : tr("Export Labels"),
        flat ? QStringLiteral("labels.png") : QStringLiteral("labels.nii.gz"), filter);
    if (path.isEmpty())
        return;
    if (const Result<void> exported = m_project->exportLabels(path, perLabel); !exported)
        m_opener->showError(exported.error(), ui::ErrorAction::ExportLabels, path);
}

void FileMenu::exportProjectDialog()
{
    const QString folder = ui::FileDialogs::openFolder(m_window, tr("Export All Studies into Folder"));
    if (folder.isEmpty())
        return;
    const Result<int> written = m_project->exportProject(folder);
    if (!written)
        m_opener->showError(written.error(), ui::ErrorAction::ExportProject, folder);
    else
        m_window->statusBar()->showMessage(
            tr("Exported %n label map(s) to %1", nullptr, written.value()).arg(folder), 8000);
}

} // namespace delineate::app
