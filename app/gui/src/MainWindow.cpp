#include "gui/MainWindow.h"

#include "feedback/ErrorPresenter.h"
#include "gui/AnnotationActions.h"
#include "gui/AutosaveController.h"
#include "gui/ConfidenceRecompute.h"
#include "gui/EverythingController.h"
#include "gui/FileMenu.h"
#include "gui/MainStatusBar.h"
#include "gui/ModelController.h"
#include "gui/NoModelPanel.h"
#include "gui/PacsSegController.h"
#include "gui/ProjectController.h"
#include "gui/PromptWaitIndicator.h"
#include "gui/PropagationController.h"
#include "gui/RecentStudies.h"
#include "gui/RetrainController.h"
#include "gui/ReviewController.h"
#include "gui/SeriesPickerDialog.h"
#include "gui/ShortcutsDialog.h"
#include "gui/StudyConfidenceController.h"
#include "gui/StudyInfoDialog.h"
#include "gui/StudyOpener.h"
#include "inference/SamService.h"
#include "labeling/LabelSession.h"
#include "labeling/LabelsPanel.h"
#include "labeling/SamAssistant.h"
#include "labeling/ToolController.h"
#include "models/GetModelsDialog.h"
#include "training/RetrainPanel.h"
#include "viewer/EmptyStudyPage.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

namespace delineate::app {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), m_recent(new RecentStudies(this))
{
    setAcceptDrops(true);
    m_stack = new QStackedWidget(this);
    m_emptyPage = new ui::EmptyStudyPage(m_stack);
    m_viewer = new ui::ViewerWidget(m_stack);
    m_stack->addWidget(m_emptyPage);
    m_stack->addWidget(m_viewer);
    setCentralWidget(m_stack);

    createAnnotation();
    createDocks();
    createStatusBar();
    createMenus();
    connectOpener();

    connect(m_viewer, &ui::ViewerWidget::cursorMoved, this,
            [this](const ui::CursorReadout& readout) { m_statusBar->setReadout(readout.text()); });
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
    m_autosave = new AutosaveController(m_session, m_project, this);
    m_annotation = new AnnotationActions(m_session, m_assistant, m_project, view, this);
    m_propagation =
        new PropagationController(m_session, m_assistant, m_project, m_annotation, m_tools, view, this);
    m_models = new ModelController(m_sam, this);
    m_models->setProject(m_project);
    m_models->setLabelSession(m_session);
    m_review = new ReviewController(
        m_session, m_assistant, m_project, m_annotation, m_viewer,
        [this] {
            return std::pair{m_models->checkpoint(), m_models->adapter()};
        },
        this);
    m_retrain = new RetrainController(m_session, m_project, m_models, m_sam, m_assistant, view, this);
    m_retrain->panel()->setRepropagateAction(m_propagation->repropagateAction()); // offered after a retrain
    m_review->setRecompute(new ConfidenceRecompute(
        m_sam, m_assistant, m_session, [this]() -> const project::ProvenanceLog& { return m_review->log(); },
        [this] {
            return std::pair{m_models->checkpoint(), m_models->adapter()};
        },
        this));
    m_everything = new EverythingController(m_sam, m_assistant, m_session, m_tools->settings(), view, this);
    connect(m_everything, &EverythingController::accepted, m_review,
            [this](quint16 label, int axis, std::int64_t slice, double iou, double stability) {
                m_review->record("everything", label, axis, {{slice, iou, stability, -1, -1}});
            });
    m_opener = new StudyOpener({m_viewer, m_session, m_assistant, m_project, m_autosave, m_recent}, this);
    m_fileMenu = new FileMenu(m_opener, m_project, m_recent, this);
    m_confidence = new StudyConfidenceController(m_project, m_models, m_sam, m_opener, this);
    addToolBar(Qt::TopToolBarArea, m_tools->createToolBar(this));
    m_assistant->setToolSettings(m_tools->settings());

    connect(view, &ui::SliceView::labelsEdited, m_session, &ui::LabelSession::notifyEdited);
    connect(m_session, &ui::LabelSession::labelsChanged, m_viewer, &ui::ViewerWidget::labelsModified);
    connect(m_session, &ui::LabelSession::tableChanged, this,
            [this] { m_viewer->setLabelPalette(m_session->palette()); });
    auto modified = [this] { setWindowModified(m_opener->hasUnsavedWork()); };
    connect(m_session, &ui::LabelSession::historyChanged, this, modified);
    connect(m_project, &ProjectController::reviewedChanged, this, modified);
    auto status = [this](const QString& text) { showStatus(text); };
    connect(m_retrain, &RetrainController::message, this, status);
    connect(m_project, &ProjectController::message, this, status);
    connect(m_annotation, &AnnotationActions::message, this, status);
    connect(m_propagation, &PropagationController::message, this, status);
    connect(m_review, &ReviewController::message, this, status);
    connect(m_everything, &EverythingController::message, this, status);
    connect(m_assistant, &ui::SamAssistant::message, this, status);
    connect(m_session, &ui::LabelSession::keptVoxels, this, status);
    connect(this, &MainWindow::studyOpened, m_tools, &ui::ToolController::volumeChanged);
    connect(m_project, &ProjectController::updateFailed, this, [this](const Error& error) {
        showStatus(
            ui::ErrorPresenter::present(error, ui::ErrorAction::UpdateProject, m_project->folder()).text(),
            10000);
    });
    connect(this, &MainWindow::studyOpened, m_models, [this] { m_models->applyContext(); });
    connect(m_models, &ModelController::message, this,
            [this](const QString& text) { showStatus(text, 20000); });
    m_models->restore();

    m_pacsSeg = new PacsSegController(
        m_session, [this]() -> const LoadedStudy& { return m_opener->study(); },
        [this] {
            const QString adapter = m_models->adapter();
            return QStringLiteral("SAM %1").arg(QFileInfo(m_models->checkpoint()).fileName()) +
                   (adapter.isEmpty()
                        ? QString()
                        : QStringLiteral(" + adapter %1").arg(QFileInfo(adapter).completeBaseName()));
        },
        this);
    connect(this, &MainWindow::studyOpened, m_pacsSeg, &PacsSegController::studyChanged);
    connect(m_pacsSeg, &PacsSegController::openRequested, this,
            [this](const QString& folder) { openStudy(folder); });
    connect(m_pacsSeg, &PacsSegController::message, this, status);
    connect(m_pacsSeg, &PacsSegController::labelsImported, m_review, &ReviewController::labelsImported);
    m_pacsSeg->setProvenanceWriter([this](const QString& path) {
        return m_project->exportProvenance(path, "Delineate (File > Export Labels as DICOM SEG)");
    });
}

void MainWindow::addRightDock(QDockWidget* dock)
{
    addDockWidget(Qt::RightDockWidgetArea, dock);
}

void MainWindow::createDocks()
{
    m_labelsPanel = new ui::LabelsPanel(m_session);
    auto* labelsDock = new QDockWidget(tr("Labels"), this);
    labelsDock->setObjectName(QStringLiteral("labelsDock"));
    labelsDock->setWidget(m_labelsPanel);
    addRightDock(labelsDock);
    addRightDock(m_models->panelDock());
    addRightDock(m_retrain->dock());
    resizeDocks({labelsDock}, {360}, Qt::Horizontal); // room for the adapter versions' metrics
    // The model help (shown only while no model is loaded) and the Retrain dock share one place as tabs,
    // so that neither is squeezed below its size on a laptop screen.
    tabifyDockWidget(m_models->panelDock(), m_retrain->dock());
    tabifyDockWidget(m_retrain->dock(), m_confidence->dock()); // the project's studies, by model confidence
    m_models->panelDock()->raise();
    resizeDocks({labelsDock, m_retrain->dock()}, {220, 540}, Qt::Vertical); // the Retrain dock's result text
}

void MainWindow::createStatusBar()
{
    m_statusBar = new MainStatusBar(
        statusBar(), {m_sam, m_assistant, m_viewer->sliceView(), m_models, m_everything, m_autosave}, this);
}

void MainWindow::createMenus()
{
    m_fileMenu->fill(menuBar()->addMenu(tr("&File")), [this](QMenu* file) { m_pacsSeg->fillFileMenu(file); });
    connect(m_fileMenu, &FileMenu::studyInformationRequested, this, &MainWindow::showStudyInformation);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions(m_viewer->viewActions());
    addActions(m_viewer->viewActions()); // shortcuts work wherever the focus is

    m_annotation->fillEditMenu(menuBar()->addMenu(tr("&Edit")));
    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->addActions(m_tools->actions());
    addActions(m_tools->actions());
    m_annotation->fillLabelsMenu(menuBar()->addMenu(tr("&Labels")));
    QMenu* sam = menuBar()->addMenu(tr("&SAM"));
    m_annotation->fillSamMenu(sam);
    m_propagation->fillSamMenu(sam);
    m_review->fillSamMenu(sam);
    m_everything->fillSamMenu(sam);
    addActions(m_annotation->all());
    addActions(m_propagation->all());
    addActions(m_review->all());
    addActions(m_everything->all());
    QMenu* model = menuBar()->addMenu(tr("&Model"));
    m_models->addMenu(model);
    QAction* getModels =
        ui::GetModelsDialog::addTo(model, this, [this](const QString& path) { m_models->load(path); });
    connect(m_models->noModelPanel(), &NoModelPanel::getModelsRequested, getModels, &QAction::trigger);
    model->addAction(m_retrain->dock()->toggleViewAction());

    // Help > Keyboard Shortcuts (F1): built from the actions above each time it is shown.
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts = help->addAction(tr("&Keyboard Shortcuts"));
    shortcuts->setShortcut(QKeySequence::HelpContents);
    addAction(shortcuts);
    connect(shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
}

void MainWindow::connectOpener()
{
    connect(m_emptyPage, &ui::EmptyStudyPage::openFileRequested, m_fileMenu, &FileMenu::openFileDialog);
    connect(m_emptyPage, &ui::EmptyStudyPage::openFolderRequested, m_fileMenu, &FileMenu::openFolderDialog);
    connect(m_opener, &StudyOpener::status, this, &MainWindow::showStatus);
    connect(m_opener, &StudyOpener::labelsImported, m_review, &ReviewController::labelsImported);
    connect(m_opener, &StudyOpener::loadingChanged, this, &MainWindow::setLoading);
    connect(m_opener, &StudyOpener::studyOpened, this, &MainWindow::studyShown);
    connect(m_opener, &StudyOpener::studyClosed, this, &MainWindow::studyGone);
    connect(m_opener, &StudyOpener::openFailed, this, &MainWindow::openFailed);
    connect(m_opener, &StudyOpener::seriesChoiceShown, this, &MainWindow::seriesChoiceShown);
}

void MainWindow::studyShown(const QString& path)
{
    const LoadedStudy& shown = m_opener->study();
    m_stack->setCurrentWidget(m_viewer);
    m_viewer->sliceView()->setFocus();
    m_fileMenu->setStudyShown(true, shown.listing.has_value(), shown.study->frameCount > 1);
    if (m_studyInfo && m_studyInfo->isVisible())
        m_studyInfo->setStudy(*shown.study, path);
    showStudyWarnings(shown.study->warnings);
    updateTitle();
    Q_EMIT studyOpened(path);
}

void MainWindow::studyGone()
{
    m_stack->setCurrentWidget(m_emptyPage);
    m_fileMenu->setStudyShown(false, false, false);
    if (m_studyInfo)
        m_studyInfo->hide();
    showStudyWarnings({});
    m_statusBar->setReadout({});
    m_pacsSeg->studyChanged();
    updateTitle();
}

void MainWindow::setLoading(bool loading, const QString& path)
{
    m_fileMenu->setLoading(loading);
    const QString message =
        loading ? tr("Opening %1…").arg(ui::ErrorPresenter::displayName(path)) : QString();
    m_emptyPage->setStatusText(message);
    if (loading)
        statusBar()->showMessage(message);
    else
        statusBar()->clearMessage();
}

void MainWindow::showStudyWarnings(const std::vector<Error>& warnings)
{
    if (m_statusBar)
        m_statusBar->showStudyWarnings(warnings);
}

PromptWaitIndicator* MainWindow::promptWait() const
{
    return m_statusBar->promptWait();
}

void MainWindow::showStatus(const QString& text, int milliseconds)
{
    statusBar()->showMessage(text, milliseconds);
}

bool MainWindow::openStudy(const QString& path, const QString& labelsPath,
                           const std::optional<io::LoadOptions>& options)
{
    return m_opener->openStudy(path, labelsPath, options);
}

bool MainWindow::isLoading() const
{
    return m_opener->isLoading();
}
bool MainWindow::openProject(const QString& folder)
{
    return m_opener->openProject(folder);
}
bool MainWindow::keepUnsavedWork()
{
    return m_opener->keepUnsavedWork();
}
void MainWindow::stepProjectStudy(int step)
{
    m_opener->stepProjectStudy(step);
}
Result<void> MainWindow::saveProject(const QString& folder)
{
    return m_opener->saveProject(folder);
}
void MainWindow::chooseSeries()
{
    m_opener->chooseSeries();
}
bool MainWindow::openFrame(int frame)
{
    return m_opener->openFrame(frame);
}
void MainWindow::closeStudy()
{
    m_opener->closeStudy();
}
const LoadedStudy& MainWindow::study() const
{
    return m_opener->study();
}
ErrorDialog* MainWindow::errorDialog() const
{
    return m_opener->errorDialog();
}
SeriesPickerDialog* MainWindow::seriesPicker() const
{
    return m_opener->seriesPicker();
}

void MainWindow::showStudyInformation()
{
    if (!m_opener->study().study)
        return;
    if (!m_studyInfo)
        m_studyInfo = new StudyInfoDialog(this);
    m_studyInfo->setStudy(*m_opener->study().study, m_opener->studyPath());
    m_studyInfo->setProvenance(m_review->summary());
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

void MainWindow::updateTitle()
{
    const LoadedStudy& shown = m_opener->study();
    const QString path = m_opener->studyPath();
    QString name = ui::ErrorPresenter::displayName(path);
    if (shown.study && shown.listing && shown.study->series) {
        const io::SeriesEntry& series = *shown.study->series;
        name += QStringLiteral(" — ") + tr("series %1").arg(series.seriesNumber);
        if (!series.seriesDescription.empty())
            name += QStringLiteral(" ") + QString::fromStdString(series.seriesDescription);
        if (series.stackCount > 1)
            name += QStringLiteral(" (%1/%2)").arg(series.stack + 1).arg(series.stackCount);
        if (!series.stackLabel.empty())
            name += QStringLiteral(" [%1]").arg(QString::fromStdString(series.stackLabel));
    }
    if (shown.study && shown.study->frameCount > 1)
        name += QStringLiteral(" — ") +
                tr("frame %1 of %2").arg(shown.study->frame + 1).arg(shown.study->frameCount);
    setWindowTitle(path.isEmpty() ? tr("Delineate") : tr("%1[*] — Delineate").arg(name));
    setWindowModified(m_opener->hasUnsavedWork());
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
