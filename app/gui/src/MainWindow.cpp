#include "gui/MainWindow.h"

#include "gui/AnnotationActions.h"
#include "gui/AutosaveStatus.h"
#include "gui/LoadErrorDialog.h"
#include "gui/ModelController.h"
#include "gui/PacsSegController.h"
#include "gui/ProjectController.h"
#include "gui/RecentStudies.h"
#include "gui/RetrainController.h"
#include "gui/SeriesPickerDialog.h"
#include "gui/ShortcutsDialog.h"
#include "gui/StudyInfoDialog.h"
#include "gui/StudyLoadJob.h"
#include "inference/SamService.h"
#include "labeling/LabelSession.h"
#include "labeling/LabelsPanel.h"
#include "labeling/SamAssistant.h"
#include "labeling/ToolController.h"
#include "labels/LabelTableJson.h"
#include "viewer/EmptyStudyPage.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

#include <algorithm>
#include <filesystem>

namespace delineate::app {
namespace {

QString displayName(const QString& path)
{
    const QFileInfo info(path);
    return info.fileName().isEmpty() ? path : info.fileName();
}

QString imageFileFilter()
{
    return MainWindow::tr(
        "Images (*.nii *.nii.gz *.mha *.mhd *.nrrd *.nhdr *.dcm *.png *.jpg *.jpeg *.tif *.tiff "
        "*.bmp DICOMDIR);;All files (*)");
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_loader(new StudyLoadJob(this))
    , m_recent(new RecentStudies(this))
{
    setAcceptDrops(true);
    m_stack = new QStackedWidget(this);
    m_emptyPage = new ui::EmptyStudyPage(m_stack);
    m_viewer = new ui::ViewerWidget(m_stack);
    m_stack->addWidget(m_emptyPage);
    m_stack->addWidget(m_viewer);
    setCentralWidget(m_stack);

    createAnnotation();
    createStatusBar();
    createActions();
    createMenus();

    connect(m_emptyPage, &ui::EmptyStudyPage::openFileRequested, this, &MainWindow::openFileDialog);
    connect(m_emptyPage, &ui::EmptyStudyPage::openFolderRequested, this, &MainWindow::openFolderDialog);
    connect(m_viewer, &ui::ViewerWidget::cursorMoved, this,
            [this](const ui::CursorReadout& readout) { m_readout->setText(readout.text()); });
    connect(m_loader, &StudyLoadJob::loaded, this, &MainWindow::showLoaded);
    connect(m_loader, &StudyLoadJob::failed, this, &MainWindow::showFailure);
    connect(m_loader, &StudyLoadJob::seriesChoiceNeeded, this,
            [this](const io::SeriesListing& listing, const QString& labelsPath) {
                showSeriesChoice(listing, labelsPath);
            });
    connect(m_recent, &RecentStudies::changed, this, &MainWindow::rebuildRecentMenu);

    resize(1280, 860);
    restoreGeometry(QSettings().value(QStringLiteral("mainWindow/geometry")).toByteArray());
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createAnnotation()
{
    ui::SliceView* view = m_viewer->sliceView();
    m_session = new ui::LabelSession(this);
    m_sam = new ui::SamService({}, this);
    m_assistant = new ui::SamAssistant(m_sam, m_session, view, this);
    m_tools = new ui::ToolController(view, m_session, m_assistant, this);
    m_project = new ProjectController(m_session, this);
    m_annotation = new AnnotationActions(m_session, m_assistant, m_project, view, this);
    m_models = new ModelController(m_sam, this);
    addToolBar(Qt::TopToolBarArea, m_tools->createToolBar(this));

    m_labelsPanel = new ui::LabelsPanel(m_session);
    auto* labelsDock = new QDockWidget(tr("Labels"), this);
    labelsDock->setObjectName(QStringLiteral("labelsDock"));
    labelsDock->setWidget(m_labelsPanel);
    addDockWidget(Qt::RightDockWidgetArea, labelsDock);
    addDockWidget(Qt::RightDockWidgetArea, m_models->panelDock());
    m_retrain = new RetrainController(m_session, m_project, m_models, m_sam, m_assistant, view, this);
    addDockWidget(Qt::RightDockWidgetArea, m_retrain->dock());
    resizeDocks({labelsDock}, {360}, Qt::Horizontal); // room for the adapter versions' metrics
    // The model help (shown only while no model is loaded) and the Retrain dock share one place as tabs,
    // so that neither is squeezed below its size on a laptop screen.
    tabifyDockWidget(m_models->panelDock(), m_retrain->dock());
    m_models->panelDock()->raise();
    resizeDocks({labelsDock, m_retrain->dock()}, {300, 460}, Qt::Vertical);
    connect(m_retrain, &RetrainController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(this, &MainWindow::studyOpened, m_retrain, &RetrainController::applyProjectAdapter);

    connect(view, &ui::SliceView::labelsEdited, m_session, &ui::LabelSession::notifyEdited);
    connect(m_session, &ui::LabelSession::labelsChanged, m_viewer, &ui::ViewerWidget::labelsModified);
    connect(m_session, &ui::LabelSession::tableChanged, this,
            [this] { m_viewer->setLabelPalette(m_session->palette()); });
    connect(m_session, &ui::LabelSession::labelsReplaced, this, &MainWindow::applyLabels);
    connect(m_project, &ProjectController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_annotation, &AnnotationActions::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_assistant, &ui::SamAssistant::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    m_models->restore();

    m_pacsSeg = new PacsSegController(
        m_session, [this]() -> const LoadedStudy& { return m_study; },
        [this] {
            const QString adapter = m_models->adapter();
            return QStringLiteral("SAM %1").arg(QFileInfo(m_models->checkpoint()).fileName()) +
                   (adapter.isEmpty() ? QString() : QStringLiteral(" + adapter %1").arg(QFileInfo(adapter).completeBaseName()));
        },
        this);
    connect(this, &MainWindow::studyOpened, m_pacsSeg, &PacsSegController::studyChanged);
    connect(m_pacsSeg, &PacsSegController::openRequested, this, [this](const QString& folder) { openStudy(folder); });
    connect(m_pacsSeg, &PacsSegController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
}

void MainWindow::createStatusBar()
{
    m_batchProgress = new QProgressBar(this);
    m_batchProgress->setMaximumWidth(260);
    m_batchProgress->hide();
    m_samTiming = new QLabel(this);
    m_samStatus = new QLabel(m_models->statusText(), this);
    m_readout = new QLabel(this);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(new AutosaveStatus(m_project, this));
    statusBar()->addPermanentWidget(m_batchProgress);
    statusBar()->addPermanentWidget(m_samTiming);
    statusBar()->addPermanentWidget(m_samStatus);
    statusBar()->addPermanentWidget(m_readout);
    connect(m_models, &ModelController::statusChanged, m_samStatus, &QLabel::setText);
    connect(m_assistant, &ui::SamAssistant::timingChanged, m_samTiming, &QLabel::setText);
    connect(m_assistant, &ui::SamAssistant::batchRunningChanged, m_batchProgress, &QWidget::setVisible);
    connect(m_assistant, &ui::SamAssistant::batchProgress, this,
            [this](int done, int total, double remaining) {
                m_batchProgress->setRange(0, total);
                m_batchProgress->setValue(done);
                m_batchProgress->setFormat(
                    tr("SAM %1/%2, %3 s left").arg(done).arg(total).arg(remaining, 0, 'f', 0));
            });
}

void MainWindow::createActions()
{
    m_openFileAction = new QAction(tr("&Open File…"), this);
    m_openFileAction->setShortcut(QKeySequence::Open);
    connect(m_openFileAction, &QAction::triggered, this, &MainWindow::openFileDialog);

    m_openFolderAction = new QAction(tr("Open DICOM &Folder…"), this);
    m_openFolderAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+O")));
    connect(m_openFolderAction, &QAction::triggered, this, &MainWindow::openFolderDialog);

    m_openLabelsAction = new QAction(tr("Open &Label Map…"), this);
    m_openLabelsAction->setEnabled(false);
    connect(m_openLabelsAction, &QAction::triggered, this, &MainWindow::openLabelMapDialog);

    m_openProjectAction = new QAction(tr("Open &Project…"), this);
    m_openProjectAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+Alt+O")));
    connect(m_openProjectAction, &QAction::triggered, this, &MainWindow::openProjectDialog);
    m_saveProjectAction = new QAction(tr("&Save Project"), this);
    m_saveProjectAction->setShortcut(QKeySequence::Save);
    connect(m_saveProjectAction, &QAction::triggered, this, [this] {
        if (m_project->folder().isEmpty())
            return saveProjectDialog();
        if (const QString error = saveProject(); !error.isEmpty())
            QMessageBox::warning(this, tr("Save Project"), error);
    });
    m_saveProjectAsAction = new QAction(tr("Save Project &As…"), this);
    m_saveProjectAsAction->setShortcut(QKeySequence::SaveAs);
    connect(m_saveProjectAsAction, &QAction::triggered, this, &MainWindow::saveProjectDialog);
    m_exportAction = new QAction(tr("&Export Labels…"), this);
    m_exportAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+E")));
    connect(m_exportAction, &QAction::triggered, this, [this] { exportLabelsDialog(false); });
    m_exportPerLabelAction = new QAction(tr("Export Labels &per Label…"), this);
    connect(m_exportPerLabelAction, &QAction::triggered, this, [this] { exportLabelsDialog(true); });
    m_exportProjectAction = new QAction(tr("Export All Studies of the Pro&ject…"), this);
    m_exportProjectAction->setStatusTip(tr("Every study's label map, on its own grid, into one folder"));
    m_exportProjectAction->setEnabled(false);
    connect(m_exportProjectAction, &QAction::triggered, this, &MainWindow::exportProjectDialog);
    connect(m_project, &ProjectController::studiesChanged, this,
            [this] { m_exportProjectAction->setEnabled(!m_project->folder().isEmpty()); });
    for (QAction* action :
         {m_saveProjectAction, m_saveProjectAsAction, m_exportAction, m_exportPerLabelAction})
        action->setEnabled(false);

    m_chooseSeriesAction = new QAction(tr("Choose &Series…"), this);
    m_chooseSeriesAction->setStatusTip(tr("Open another image series of the shown DICOM folder"));
    m_chooseSeriesAction->setEnabled(false);
    connect(m_chooseSeriesAction, &QAction::triggered, this, &MainWindow::chooseSeries);
    m_chooseFrameAction = new QAction(tr("Choose F&rame…"), this);
    m_chooseFrameAction->setStatusTip(tr("Open another frame of the shown 4D image"));
    m_chooseFrameAction->setEnabled(false);
    connect(m_chooseFrameAction, &QAction::triggered, this, &MainWindow::chooseFrameDialog);

    m_studyInfoAction = new QAction(tr("Study &Information…"), this);
    m_studyInfoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_studyInfoAction->setStatusTip(tr("Show the study's grid, values and what the loader noted about it"));
    m_studyInfoAction->setEnabled(false);
    connect(m_studyInfoAction, &QAction::triggered, this, &MainWindow::showStudyInformation);

    m_closeAction = new QAction(tr("&Close Study"), this);
    m_closeAction->setShortcut(QKeySequence::Close);
    m_closeAction->setEnabled(false);
    connect(m_closeAction, &QAction::triggered, this, &MainWindow::closeStudy);

    m_nextStudyAction = new QAction(tr("&Next Study in Project"), this);
    m_nextStudyAction->setShortcut(QKeySequence(QStringLiteral("Alt+PgDown")));
    connect(m_nextStudyAction, &QAction::triggered, this, [this] { stepProjectStudy(+1); });
    m_previousStudyAction = new QAction(tr("&Previous Study in Project"), this);
    m_previousStudyAction->setShortcut(QKeySequence(QStringLiteral("Alt+PgUp")));
    connect(m_previousStudyAction, &QAction::triggered, this, [this] { stepProjectStudy(-1); });
    connect(m_project, &ProjectController::studiesChanged, this, &MainWindow::rebuildStudiesMenu);
    connect(m_session, &ui::LabelSession::historyChanged, this,
            [this] { setWindowModified(m_session->modified()); });

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openFileAction);
    file->addAction(m_openFolderAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(m_chooseSeriesAction);
    file->addAction(m_chooseFrameAction);
    file->addAction(m_studyInfoAction);
    file->addAction(m_openProjectAction);
    m_studiesMenu = file->addMenu(tr("Project S&tudies"));
    file->addSeparator();
    file->addAction(m_saveProjectAction);
    file->addAction(m_saveProjectAsAction);
    file->addSeparator();
    file->addAction(m_openLabelsAction);
    file->addAction(m_exportAction);
    file->addAction(m_exportPerLabelAction);
    file->addAction(m_exportProjectAction);
    file->addSeparator();
    m_pacsSeg->fillFileMenu(file);
    file->addSeparator();
    file->addAction(m_closeAction);
    file->addAction(m_quitAction);
    rebuildRecentMenu();
    rebuildStudiesMenu();
    addActions({m_previousStudyAction, m_nextStudyAction});

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions(m_viewer->viewActions());
    addActions(m_viewer->viewActions()); // shortcuts work wherever the focus is

    m_annotation->fillEditMenu(menuBar()->addMenu(tr("&Edit")));
    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->addActions(m_tools->actions());
    addActions(m_tools->actions());
    m_annotation->fillLabelsMenu(menuBar()->addMenu(tr("&Labels")));
    m_annotation->fillSamMenu(menuBar()->addMenu(tr("&SAM")));
    addActions(m_annotation->all());
    QMenu* model = menuBar()->addMenu(tr("&Model"));
    m_models->addMenu(model);
    model->addAction(m_retrain->dock()->toggleViewAction());

    // Help > Keyboard Shortcuts (F1): built from the actions above each time it is shown.
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    m_shortcutsAction = help->addAction(tr("&Keyboard Shortcuts"));
    m_shortcutsAction->setShortcut(QKeySequence::HelpContents);
    addAction(m_shortcutsAction);
    connect(m_shortcutsAction, &QAction::triggered, this, &MainWindow::showShortcuts);
}

void MainWindow::showStudyInformation()
{
    if (!m_study.study)
        return;
    if (!m_studyInfo)
        m_studyInfo = new StudyInfoDialog(this);
    m_studyInfo->setStudy(*m_study.study, m_studyPath);
    m_studyInfo->show();
    m_studyInfo->raise();
    m_studyInfo->activateWindow();
}

void MainWindow::showShortcuts()
{
    if (!m_shortcuts)
        m_shortcuts = new ShortcutsDialog(menuBar(), this);
    m_shortcuts->show();
    m_shortcuts->raise();
    m_shortcuts->activateWindow();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList paths = m_recent->paths();
    for (const QString& path : paths) {
        QAction* action = m_recentMenu->addAction(displayName(path));
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { openStudy(path); });
    }
    if (!paths.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), m_recent, &RecentStudies::clear);
    }
    m_recentMenu->setEnabled(!paths.isEmpty());
}

void MainWindow::rebuildStudiesMenu()
{
    m_studiesMenu->clear();
    const std::vector<ProjectController::StudySummary> studies = m_project->studies();
    for (const ProjectController::StudySummary& study : studies) {
        const QString text = study.reviewed ? tr("%1 (%n reviewed)", nullptr, int(study.reviewed)).arg(study.name)
                                            : study.name;
        QAction* action = m_studiesMenu->addAction(text);
        action->setCheckable(true);
        action->setChecked(study.current);
        action->setToolTip(study.path);
        action->setStatusTip(study.path);
        connect(action, &QAction::triggered, this,
                [this, path = study.path, options = study.options, current = study.current] {
                    if (!current)
                        openStudy(path, {}, options);
                });
    }
    m_studiesMenu->addSeparator();
    m_studiesMenu->addAction(m_previousStudyAction);
    m_studiesMenu->addAction(m_nextStudyAction);
    m_studiesMenu->setEnabled(!studies.empty());
    m_nextStudyAction->setEnabled(studies.size() > 1);
    m_previousStudyAction->setEnabled(studies.size() > 1);
}

void MainWindow::stepProjectStudy(int step)
{
    const std::vector<ProjectController::StudySummary> studies = m_project->studies();
    const auto current = std::find_if(studies.begin(), studies.end(),
                                      [](const ProjectController::StudySummary& s) { return s.current; });
    if (studies.size() < 2 || current == studies.end() || isLoading())
        return;
    const auto n = static_cast<std::ptrdiff_t>(studies.size());
    const std::ptrdiff_t next = ((current - studies.begin()) + step % n + n) % n;
    const ProjectController::StudySummary& target = studies[static_cast<std::size_t>(next)];
    openStudy(target.path, {}, target.options);
}

bool MainWindow::keepUnsavedWork()
{
    if (!m_session->isOpen() || !m_session->modified())
        return true;
    const QString name = displayName(m_studyPath);
    if (!m_project->folder().isEmpty()) {
        const QString error = saveProject();
        if (error.isEmpty())
            return true;
        QMessageBox::warning(this, tr("Unsaved Labels"),
                             tr("The labels of %1 could not be saved into the project: %2\n"
                                "The study stays open.")
                                 .arg(name, error));
        return false;
    }
    QMessageBox box(QMessageBox::Warning, tr("Unsaved Labels"),
                    tr("The labels of %1 have changes that are not saved.").arg(name),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setInformativeText(tr("Save them as a project to keep them."));
    box.button(QMessageBox::Save)->setText(tr("Save as Project…"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Discard:
        m_project->discardAutosave(); // deliberately dropped: not to be "recovered" next time
        return true;
    case QMessageBox::Save: {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Save Project in Folder"));
        if (folder.isEmpty())
            return false;
        if (const QString error = saveProject(folder); !error.isEmpty()) {
            QMessageBox::warning(this, tr("Save Project"), error);
            return false;
        }
        return true;
    }
    default:
        return false;
    }
}

void MainWindow::openFileDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Study"), {}, imageFileFilter());
    if (!path.isEmpty())
        openStudy(path);
}

void MainWindow::openFolderDialog()
{
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open DICOM Folder"));
    if (!path.isEmpty())
        openStudy(path);
}

void MainWindow::openLabelMapDialog()
{
    if (!m_study.study)
        return;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Label Map"), {}, tr("Label maps (*.nii *.nii.gz *.mha *.nrrd);;All files (*)"));
    if (path.isEmpty() || !keepUnsavedWork())
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    Result<image::LabelMap> labels = io::loadLabelMap(path.toStdString(), *m_study.study);
    QApplication::restoreOverrideCursor();
    if (!labels) {
        showError(labels.error(), path, tr("label map"));
        return;
    }
    m_study.labels = std::make_shared<const image::LabelMap>(std::move(labels).value());
    m_study.labelTable.reset();
    const std::string tablePath = labels::labelTablePathFor(path.toStdString());
    std::error_code ignored;
    if (std::filesystem::exists(tablePath, ignored))
        if (Result<labels::LabelTable> table = labels::readLabelTableJson(tablePath))
            m_study.labelTable = std::move(table).value();
    m_session->reset(*m_study.labels, m_study.labelTable.value_or(labels::LabelTable{}));
}

bool MainWindow::openStudy(const QString& path, const QString& labelsPath,
                           const std::optional<io::LoadOptions>& options)
{
    if (isLoading() || m_seriesPicker) {
        statusBar()->showMessage(tr("Still opening the previous study…"), 4000);
        return false;
    }
    if (!keepUnsavedWork())
        return false;
    startLoading(StudyLoadJob::Request{path, labelsPath, options, {}, {}});
    return true;
}

void MainWindow::startLoading(const StudyLoadJob::Request& request)
{
    StudyLoadJob::Request planned = request;
    // A study of the open project comes with its saved (or newer autosaved) labels: those of the series,
    // stack and frame that loads (known only once loaded when the loader picks the series).
    if (planned.labelsPath.isEmpty())
        for (const ProjectController::OpenPlan& plan : m_project->plansAt(planned.path))
            planned.known.push_back({plan.options, plan.labelsPath, plan.recovered});
    if (!m_loader->start(planned)) {
        statusBar()->showMessage(tr("Still opening the previous study…"), 4000);
        return;
    }
    setLoading(true, planned.path);
}

void MainWindow::showSeriesChoice(const io::SeriesListing& listing, const QString& labelsPath,
                                  const std::optional<io::LoadOptions>& current)
{
    setLoading(false);
    if (m_seriesPicker)
        m_seriesPicker->close();
    m_seriesPicker = new SeriesPickerDialog(listing, current, this);
    connect(m_seriesPicker, &QDialog::accepted, this, [this, picker = m_seriesPicker.data(), labelsPath] {
        StudyLoadJob::Request request{QString::fromStdString(picker->listing().path), labelsPath,
                                      picker->chosen(), picker->listing(), {}};
        m_seriesPicker.clear();
        startLoading(request);
    });
    connect(m_seriesPicker, &QDialog::rejected, this, [this, path = QString::fromStdString(listing.path)] {
        m_seriesPicker.clear();
        statusBar()->showMessage(tr("Opening %1 cancelled").arg(displayName(path)), 4000);
        Q_EMIT openFailed(path);
    });
    statusBar()->showMessage(
        tr("%1 holds %n series: choose one", nullptr, int(listing.series.size())).arg(displayName(
            QString::fromStdString(listing.path))));
    m_seriesPicker->open();
    Q_EMIT seriesChoiceShown();
}

SeriesPickerDialog* MainWindow::seriesPicker() const
{
    return m_seriesPicker.data();
}

void MainWindow::chooseSeries()
{
    if (!m_study.listing || isLoading() || m_seriesPicker || !keepUnsavedWork())
        return;
    io::LoadOptions current;
    current.seriesUid = m_study.study->seriesUid;
    current.stack = m_study.study->stack;
    showSeriesChoice(*m_study.listing, {}, current);
}

bool MainWindow::openFrame(int frame)
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

void MainWindow::chooseFrameDialog()
{
    if (!m_study.study || m_study.study->frameCount < 2)
        return;
    bool ok = false;
    const int frame = QInputDialog::getInt(
        this, tr("Choose Frame"),
        tr("%1 is a 4D image with %2 frames. Frame to open:").arg(displayName(m_studyPath)).arg(m_study.study->frameCount),
        m_study.study->frame + 1, 1, m_study.study->frameCount, 1, &ok);
    if (ok)
        openFrame(frame - 1);
}

bool MainWindow::isLoading() const
{
    return m_loader->isRunning();
}

void MainWindow::setLoading(bool loading, const QString& path)
{
    m_openFileAction->setEnabled(!loading);
    m_openFolderAction->setEnabled(!loading);
    m_recentMenu->setEnabled(!loading && !m_recent->paths().isEmpty());
    if (loading) {
        const QString message = tr("Opening %1…").arg(displayName(path));
        statusBar()->showMessage(message);
        m_emptyPage->setStatusText(message);
        QApplication::setOverrideCursor(Qt::BusyCursor);
    } else {
        statusBar()->clearMessage();
        m_emptyPage->setStatusText({});
        QApplication::restoreOverrideCursor();
    }
}

void MainWindow::showLoaded(const LoadedStudy& loaded, const QString& path)
{
    setLoading(false);
    m_study = loaded;
    m_studyPath = path;
    if (m_project->opening())
        m_project->completeOpen(m_study);
    m_viewer->setVolume(m_study.volume());
    m_assistant->setStudy(m_study.volume(), path);
    m_project->setStudy(m_study.study, path);
    // Recovered edits (an autosave newer than the saved labels) are unsaved work: the session starts
    // modified, so they are saved or deliberately discarded, never dropped silently.
    m_session->reset(m_study.labels ? *m_study.labels
                                    : image::LabelMap::createFor(m_study.study->volume).value(),
                     m_study.labelTable.value_or(labels::LabelTable{}), !m_study.labelsRecovered);
    m_stack->setCurrentWidget(m_viewer);
    m_viewer->sliceView()->setFocus();
    m_openLabelsAction->setEnabled(true);
    m_closeAction->setEnabled(true);
    m_chooseSeriesAction->setEnabled(m_study.listing.has_value());
    m_chooseFrameAction->setEnabled(m_study.study->frameCount > 1);
    for (QAction* action :
         {m_saveProjectAction, m_saveProjectAsAction, m_exportAction, m_exportPerLabelAction})
        action->setEnabled(true);
    m_recent->add(path);
    const image::Volume& volume = m_study.study->volume;
    QString opened = tr("Opened %1: %2").arg(displayName(path), QString::fromStdString(volume.geometry().describe()));
    if (!volume.notes.empty())
        opened += tr(" (%n note(s): File > Study Information)", nullptr, int(volume.notes.size()));
    statusBar()->showMessage(opened, 10000);
    m_studyInfoAction->setEnabled(true);
    if (m_studyInfo && m_studyInfo->isVisible())
        m_studyInfo->setStudy(*m_study.study, path);
    updateTitle();
    if (m_study.labelsRecovered)
        statusBar()->showMessage(tr("Recovered unsaved edits from the autosave"), 10000);
    if (m_study.labelsError)
        showError(*m_study.labelsError, QString::fromStdString(m_study.labelsError->path), tr("label map"));
    Q_EMIT studyOpened(path);
}

void MainWindow::applyLabels()
{
    if (!m_viewer->setLabels(m_session->labels(), m_session->palette())) {
        m_study.labels.reset();
        m_study.labelTable.reset();
        showError(Error{ErrorCode::SizeMismatch, {}, "label map grid differs from the image grid"}, {},
                  tr("label map"));
    }
}

void MainWindow::showFailure(const Error& error, const QString& path)
{
    setLoading(false);
    m_project->cancelOpen();
    if (error.code == ErrorCode::FileNotFound)
        m_recent->remove(path);
    showError(error, path, tr("study"));
    Q_EMIT openFailed(path);
}

void MainWindow::showError(const Error& error, const QString& path, const QString& what)
{
    if (m_errorDialog)
        m_errorDialog->close();
    m_errorDialog = LoadErrorDialog::showFor(error, path, what, this);
    statusBar()->showMessage(tr("Could not open %1").arg(displayName(path)), 10000);
}

void MainWindow::closeStudy()
{
    if (!keepUnsavedWork())
        return;
    m_assistant->setStudy(nullptr, {});
    m_project->closeStudy();
    m_session->clear();
    m_viewer->setVolume(nullptr);
    m_study = {};
    m_studyPath.clear();
    m_stack->setCurrentWidget(m_emptyPage);
    m_openLabelsAction->setEnabled(false);
    m_closeAction->setEnabled(false);
    m_chooseSeriesAction->setEnabled(false);
    m_chooseFrameAction->setEnabled(false);
    m_studyInfoAction->setEnabled(false);
    if (m_studyInfo)
        m_studyInfo->hide();
    for (QAction* action :
         {m_saveProjectAction, m_saveProjectAsAction, m_exportAction, m_exportPerLabelAction})
        action->setEnabled(false);
    m_readout->clear();
    m_pacsSeg->studyChanged();
    updateTitle();
}

bool MainWindow::openProject(const QString& folder)
{
    if (isLoading() || !keepUnsavedWork())
        return false;
    QString error;
    const std::optional<ProjectController::OpenPlan> plan = m_project->beginOpen(folder, error);
    if (!plan) {
        showError(Error{ErrorCode::ReadFailed, folder.toStdString(), error.toStdString()}, folder,
                  tr("project"));
        return false;
    }
    // The labels come as "known" ones so that an autosave they are recovered from is reported.
    startLoading(StudyLoadJob::Request{plan->studyPath, {}, plan->options, {}, {{plan->options, plan->labelsPath, plan->recovered}}});
    return true;
}

QString MainWindow::saveProject(const QString& folder)
{
    const QString error = m_project->save(folder);
    if (error.isEmpty())
        statusBar()->showMessage(tr("Saved project %1").arg(m_project->folder()), 6000);
    return error;
}

void MainWindow::openProjectDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Project"));
    if (!folder.isEmpty())
        openProject(folder);
}

void MainWindow::saveProjectDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Save Project in Folder"));
    if (folder.isEmpty())
        return;
    if (const QString error = saveProject(folder); !error.isEmpty())
        QMessageBox::warning(this, tr("Save Project"), error);
}

void MainWindow::exportLabelsDialog(bool perLabel)
{
    // 2D studies (pictures, single images) can have PNG masks too.
    const bool flat = m_study.study && m_study.study->volume.geometry().size[2] == 1;
    QString filter = tr("NIfTI (*.nii.gz *.nii)");
    if (flat)
        filter = tr("PNG masks (*.png)") + QStringLiteral(";;") + filter;
    const QString path = QFileDialog::getSaveFileName(
        this, perLabel ? tr("Export Labels per Label") : tr("Export Labels"),
        flat ? QStringLiteral("labels.png") : QStringLiteral("labels.nii.gz"), filter);
    if (path.isEmpty())
        return;
    if (const QString error = m_project->exportLabels(path, perLabel); !error.isEmpty())
        QMessageBox::warning(this, tr("Export Labels"), error);
}

void MainWindow::exportProjectDialog()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export All Studies into Folder"));
    if (folder.isEmpty())
        return;
    int written = 0;
    if (const QString error = m_project->exportProject(folder, &written); !error.isEmpty())
        QMessageBox::warning(this, tr("Export All Studies"), error);
    else
        statusBar()->showMessage(tr("Exported %n label map(s) to %1", nullptr, written).arg(folder), 8000);
}

void MainWindow::updateTitle()
{
    QString name = displayName(m_studyPath);
    if (m_study.study && m_study.listing && m_study.study->series) {
        const io::SeriesEntry& series = *m_study.study->series;
        name += QStringLiteral(" — ") + tr("series %1").arg(series.seriesNumber);
        if (!series.seriesDescription.empty())
            name += QStringLiteral(" ") + QString::fromStdString(series.seriesDescription);
        if (series.stackCount > 1)
            name += QStringLiteral(" (%1/%2)").arg(series.stack + 1).arg(series.stackCount);
        if (!series.stackLabel.empty())
            name += QStringLiteral(" [%1]").arg(QString::fromStdString(series.stackLabel));
    }
    if (m_study.study && m_study.study->frameCount > 1)
        name += QStringLiteral(" — ") + tr("frame %1 of %2").arg(m_study.study->frame + 1).arg(m_study.study->frameCount);
    setWindowTitle(m_studyPath.isEmpty() ? tr("Delineate") : tr("%1[*] — Delineate").arg(name));
    setWindowModified(m_session->modified());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return;
    event->acceptProposedAction();
    openStudy(urls.first().toLocalFile());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!keepUnsavedWork()) {
        event->ignore();
        return;
    }
    QSettings().setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace delineate::app
