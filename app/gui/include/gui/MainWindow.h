#pragma once
// The application window: menus and actions, the empty state or the viewer, the status bar readout,
// drag and drop, recent studies. It wires StudyLoadJob, the label session, tools, SAM and project
// presenters to the viewer and owns no imaging or editing logic.

#include "gui/LoadErrorDialog.h"
#include "gui/LoadedStudy.h"
#include "gui/StudyLoadJob.h"

#include <QMainWindow>
#include <QPointer>

#include <optional>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;

namespace delineate::ui {
class EmptyStudyPage;
class LabelSession;
class LabelsPanel;
class SamAssistant;
class SamService;
class ToolController;
class ViewerWidget;
} // namespace delineate::ui

namespace delineate::app {

class AnnotationActions;
class ModelController;
class PacsSegController;
class ProjectController;
class RetrainController;
class RecentStudies;
class SeriesPickerDialog;
class ShortcutsDialog;
class StudyInfoDialog;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a study file or DICOM folder in the background; `labelsPath` optionally overlays a label
    // map on it. With a project open, a study of the project comes with its saved labels, any other
    // study joins the project. Unsaved edits of the shown study are kept first (keepUnsavedWork);
    // false when the user cancelled that. Ends in studyOpened() or openFailed().
    // `options` picks the DICOM series / stack and the 4D frame; without them a path holding several
    // series shows the series picker (seriesPicker()) first.
    bool openStudy(const QString& path, const QString& labelsPath = {},
                   const std::optional<io::LoadOptions>& options = std::nullopt);
    [[nodiscard]] bool isLoading() const;
    // Opens a project folder (the study open when it was last used, else its first, with its saved or
    // autosaved labels); false with a message when the manifest cannot be read. Ends in studyOpened()
    // or openFailed() like openStudy().
    bool openProject(const QString& folder);
    // Before the shown study's labels go away (another study, Close Study, quit, another label map):
    // in a project they are saved into it; otherwise a dialog offers Save as Project / Discard /
    // Cancel. True when the edits are safe or deliberately discarded, false to stay.
    bool keepUnsavedWork();
    // Shows the next (+1) or previous (-1) study of the open project.
    void stepProjectStudy(int step);
    // Saves the project to `folder` (empty: its current folder); error text, empty on success.
    QString saveProject(const QString& folder = {});
    [[nodiscard]] const LoadedStudy& study() const { return m_study; }
    [[nodiscard]] ui::ViewerWidget* viewer() const { return m_viewer; }
    [[nodiscard]] RecentStudies* recentStudies() const { return m_recent; }
    [[nodiscard]] ui::LabelSession* labelSession() const { return m_session; }
    [[nodiscard]] ui::SamService* samService() const { return m_sam; }
    [[nodiscard]] ui::SamAssistant* samAssistant() const { return m_assistant; }
    [[nodiscard]] ui::ToolController* tools() const { return m_tools; }
    [[nodiscard]] ui::LabelsPanel* labelsPanel() const { return m_labelsPanel; }
    [[nodiscard]] ModelController* models() const { return m_models; }
    [[nodiscard]] ProjectController* project() const { return m_project; }
    [[nodiscard]] RetrainController* retrain() const { return m_retrain; }
    [[nodiscard]] PacsSegController* pacsSeg() const { return m_pacsSeg; }
    [[nodiscard]] AnnotationActions* annotationActions() const { return m_annotation; }
    // The error dialog currently shown, if any.
    [[nodiscard]] LoadErrorDialog* errorDialog() const { return m_errorDialog; }
    // Help > Keyboard Shortcuts (non-modal; created on first use).
    [[nodiscard]] ShortcutsDialog* shortcutsDialog() const { return m_shortcuts; }
    // File > Study Information (Ctrl+I): the shown study and the loader's notes (non-modal; created on
    // first use, follows the shown study).
    void showStudyInformation();
    [[nodiscard]] StudyInfoDialog* studyInfoDialog() const { return m_studyInfo; }
    // The series picker while it is shown (a folder with several series is being opened).
    [[nodiscard]] SeriesPickerDialog* seriesPicker() const;
    // File > Choose Series… (the other series at the shown study's path) and Choose Frame… (4D).
    void chooseSeries();
    // Opens frame `frame` (0-based) of the shown 4D study; false when there is no such frame.
    bool openFrame(int frame);

public Q_SLOTS:
    void openFileDialog();
    void openFolderDialog();
    void openLabelMapDialog();
    void closeStudy();
    void openProjectDialog();
    void saveProjectDialog();
    void exportLabelsDialog(bool perLabel);
    void exportProjectDialog();
    void showShortcuts();

Q_SIGNALS:
    void studyOpened(const QString& path);
    void openFailed(const QString& path);
    // The series picker is shown (a path with several series is being opened).
    void seriesChoiceShown();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createAnnotation();
    void createStatusBar();
    void rebuildRecentMenu();
    void showLoaded(const LoadedStudy& loaded, const QString& path);
    void showFailure(const Error& error, const QString& path);
    void showError(const Error& error, const QString& path, const QString& what);
    void applyLabels();
    void setLoading(bool loading, const QString& path = {});
    void startLoading(const StudyLoadJob::Request& request);
    void showSeriesChoice(const io::SeriesListing& listing, const QString& labelsPath,
                          const std::optional<io::LoadOptions>& current = std::nullopt);
    void chooseFrameDialog();
    void rebuildStudiesMenu();
    void updateTitle();

    StudyLoadJob* m_loader = nullptr;
    RecentStudies* m_recent = nullptr;
    LoadedStudy m_study;
    QString m_studyPath;
    QString m_pendingLabelsPath;

    QStackedWidget* m_stack = nullptr;
    ui::EmptyStudyPage* m_emptyPage = nullptr;
    ui::ViewerWidget* m_viewer = nullptr;
    QLabel* m_readout = nullptr;
    QLabel* m_samStatus = nullptr;
    QLabel* m_samTiming = nullptr;
    QProgressBar* m_batchProgress = nullptr;

    ui::LabelSession* m_session = nullptr;
    ui::SamService* m_sam = nullptr;
    ui::SamAssistant* m_assistant = nullptr;
    ui::ToolController* m_tools = nullptr;
    ui::LabelsPanel* m_labelsPanel = nullptr;
    ModelController* m_models = nullptr;
    ProjectController* m_project = nullptr;
    RetrainController* m_retrain = nullptr;
    PacsSegController* m_pacsSeg = nullptr;
    AnnotationActions* m_annotation = nullptr;
    QPointer<LoadErrorDialog> m_errorDialog;

    QAction* m_openFileAction = nullptr;
    QAction* m_openFolderAction = nullptr;
    QAction* m_openLabelsAction = nullptr;
    QAction* m_closeAction = nullptr;
    QAction* m_chooseSeriesAction = nullptr;
    QAction* m_chooseFrameAction = nullptr;
    QAction* m_studyInfoAction = nullptr;
    StudyInfoDialog* m_studyInfo = nullptr;
    QAction* m_openProjectAction = nullptr;
    QAction* m_saveProjectAction = nullptr;
    QAction* m_saveProjectAsAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_exportPerLabelAction = nullptr;
    QAction* m_exportProjectAction = nullptr;
    QAction* m_quitAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_studiesMenu = nullptr;
    QAction* m_nextStudyAction = nullptr;
    QAction* m_previousStudyAction = nullptr;
    QAction* m_shortcutsAction = nullptr;
    ShortcutsDialog* m_shortcuts = nullptr;
    QPointer<SeriesPickerDialog> m_seriesPicker;
};

} // namespace delineate::app
