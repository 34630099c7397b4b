#include "gui/MainWindow.h"

#include "gui/LoadErrorDialog.h"
#include "gui/RecentStudies.h"
#include "gui/StudyLoadJob.h"
#include "labels/LabelTableJson.h"
#include "viewer/EmptyStudyPage.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

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

    m_readout = new QLabel(this);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_readout);

    createActions();
    createMenus();

    connect(m_emptyPage, &ui::EmptyStudyPage::openFileRequested, this, &MainWindow::openFileDialog);
    connect(m_emptyPage, &ui::EmptyStudyPage::openFolderRequested, this, &MainWindow::openFolderDialog);
    connect(m_viewer, &ui::ViewerWidget::cursorMoved, this,
            [this](const ui::CursorReadout& readout) { m_readout->setText(readout.text()); });
    connect(m_loader, &StudyLoadJob::loaded, this, &MainWindow::showLoaded);
    connect(m_loader, &StudyLoadJob::failed, this, &MainWindow::showFailure);
    connect(m_recent, &RecentStudies::changed, this, &MainWindow::rebuildRecentMenu);

    resize(1280, 860);
    restoreGeometry(QSettings().value(QStringLiteral("mainWindow/geometry")).toByteArray());
    updateTitle();
}

MainWindow::~MainWindow() = default;

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

    m_closeAction = new QAction(tr("&Close Study"), this);
    m_closeAction->setShortcut(QKeySequence::Close);
    m_closeAction->setEnabled(false);
    connect(m_closeAction, &QAction::triggered, this, &MainWindow::closeStudy);

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
    file->addSeparator();
    file->addAction(m_openLabelsAction);
    file->addSeparator();
    file->addAction(m_closeAction);
    file->addAction(m_quitAction);
    rebuildRecentMenu();

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions(m_viewer->viewActions());
    addActions(m_viewer->viewActions()); // shortcuts work wherever the focus is
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
    if (path.isEmpty())
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
    applyLabels();
}

void MainWindow::openStudy(const QString& path, const QString& labelsPath)
{
    if (!m_loader->start(path, labelsPath)) {
        statusBar()->showMessage(tr("Still opening the previous study…"), 4000);
        return;
    }
    setLoading(true, path);
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
    m_viewer->setVolume(m_study.volume());
    applyLabels();
    m_stack->setCurrentWidget(m_viewer);
    m_viewer->sliceView()->setFocus();
    m_openLabelsAction->setEnabled(true);
    m_closeAction->setEnabled(true);
    m_recent->add(path);
    const image::Volume& volume = m_study.study->volume;
    statusBar()->showMessage(
        tr("Opened %1: %2").arg(displayName(path), QString::fromStdString(volume.geometry().describe())),
        10000);
    updateTitle();
    if (m_study.labelsError)
        showError(*m_study.labelsError, QString::fromStdString(m_study.labelsError->path), tr("label map"));
    Q_EMIT studyOpened(path);
}

void MainWindow::applyLabels()
{
    const ui::LabelPalette palette =
        m_study.labelTable ? ui::LabelPalette::fromTable(*m_study.labelTable) : ui::LabelPalette{};
    if (!m_viewer->setLabels(m_study.labels, palette)) {
        m_study.labels.reset();
        m_study.labelTable.reset();
        showError(Error{ErrorCode::SizeMismatch, {}, "label map grid differs from the image grid"}, {},
                  tr("label map"));
    }
}

void MainWindow::showFailure(const Error& error, const QString& path)
{
    setLoading(false);
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
    m_viewer->setVolume(nullptr);
    m_study = {};
    m_studyPath.clear();
    m_stack->setCurrentWidget(m_emptyPage);
    m_openLabelsAction->setEnabled(false);
    m_closeAction->setEnabled(false);
    m_readout->clear();
    updateTitle();
}

void MainWindow::updateTitle()
{
    setWindowTitle(m_studyPath.isEmpty() ? tr("Delineate")
                                         : tr("%1 — Delineate").arg(displayName(m_studyPath)));
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
    QSettings().setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace delineate::app
