#pragma once
// The application window: the empty state or the viewer, the docks, the menus, the status bar, drag and
// drop. It builds the presenters and wires them together and owns no imaging, editing or file logic:
//   StudyOpener      opening / closing studies and projects, unsaved work, error dialogs
//   FileMenu         the File menu and its dialogs
//   ProjectController, AutosaveController   the project behind the study, autosave
//   AnnotationActions, ModelController, RetrainController   Edit / Labels / SAM, Model, Retrain dock
// A new dock or controller is created in createAnnotation() (docks on the right: addRightDock()).

#include "gui/ErrorDialog.h"
#include "gui/LoadedStudy.h"
#include "io/StudyLoader.h"

#include <QMainWindow>

#include <optional>
#include <string>
#include <vector>

class QDockWidget;
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
class AutosaveController;
class MainStatusBar;
class EverythingController;
class FileMenu;
class ModelController;
class PacsSegController;
class ProjectController;
class PromptWaitIndicator;
class PropagationController;
class ReviewController;
class RetrainController;
class StudyConfidenceController;
class RecentStudies;
class SeriesPickerDialog;
class ShortcutsDialog;
class StudyInfoDialog;
class StudyOpener;

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
    // autosaved labels); false with an error dialog when the manifest cannot be read. Ends in
    // studyOpened() or openFailed() like openStudy().
    bool openProject(const QString& folder);
    // Before the shown study's labels go away (another study, Close Study, quit, another label map):
    // in a project they are saved into it; otherwise a dialog offers Save as Project / Discard /
    // Cancel. True when the edits are safe or deliberately discarded, false to stay.
    bool keepUnsavedWork();
    // Shows the next (+1) or previous (-1) study of the open project.
    void stepProjectStudy(int step);
    // Saves the project to `folder` (empty: its current folder).
    Result<void> saveProject(const QString& folder = {});
    // File > Choose Series… (the other series at the shown study's path) and Choose Frame… (4D).
    void chooseSeries();
    // Opens frame `frame` (0-based) of the shown 4D study; false when there is no such frame.
    bool openFrame(int frame);
    // File > Study Information (Ctrl+I): the shown study and the loader's notes (non-modal; created on
    // first use, follows the shown study).
    void showStudyInformation();

    [[nodiscard]] const LoadedStudy& study() const;
    [[nodiscard]] ui::ViewerWidget* viewer() const { return m_viewer; }
    [[nodiscard]] RecentStudies* recentStudies() const { return m_recent; }
    [[nodiscard]] ui::LabelSession* labelSession() const { return m_session; }
    [[nodiscard]] ui::SamService* samService() const { return m_sam; }
    [[nodiscard]] ui::SamAssistant* samAssistant() const { return m_assistant; }
    [[nodiscard]] ui::ToolController* tools() const { return m_tools; }
    [[nodiscard]] ui::LabelsPanel* labelsPanel() const { return m_labelsPanel; }
    [[nodiscard]] ModelController* models() const { return m_models; }
    [[nodiscard]] ProjectController* project() const { return m_project; }
    [[nodiscard]] AutosaveController* autosave() const { return m_autosave; }
    [[nodiscard]] RetrainController* retrain() const { return m_retrain; }
    [[nodiscard]] StudyConfidenceController* studyConfidence() const { return m_confidence; }
    [[nodiscard]] PacsSegController* pacsSeg() const { return m_pacsSeg; }
    [[nodiscard]] AnnotationActions* annotationActions() const { return m_annotation; }
    [[nodiscard]] PropagationController* propagation() const { return m_propagation; }
    [[nodiscard]] ReviewController* review() const { return m_review; }
    [[nodiscard]] PromptWaitIndicator* promptWait() const;
    [[nodiscard]] EverythingController* everything() const { return m_everything; }
    [[nodiscard]] StudyOpener* opener() const { return m_opener; }
    [[nodiscard]] FileMenu* fileMenu() const { return m_fileMenu; }
    // The error dialog currently shown, if any.
    [[nodiscard]] ErrorDialog* errorDialog() const;
    // Help > Keyboard Shortcuts (non-modal; created on first use).
    [[nodiscard]] ShortcutsDialog* shortcutsDialog() const { return m_shortcuts; }
    [[nodiscard]] StudyInfoDialog* studyInfoDialog() const { return m_studyInfo; }
    // The series picker while it is shown (a folder with several series is being opened).
    [[nodiscard]] SeriesPickerDialog* seriesPicker() const;

public Q_SLOTS:
    void closeStudy();
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
    void createAnnotation();
    void createDocks();
    void addRightDock(QDockWidget* dock);
    void createStatusBar();
    void createMenus();
    void connectOpener();
    void studyShown(const QString& path);
    void studyGone();
    void setLoading(bool loading, const QString& path);
    void showStatus(const QString& text, int milliseconds = 8000);
    void showStudyWarnings(const std::vector<Error>& warnings);
    void updateTitle();

    RecentStudies* m_recent = nullptr;
    QStackedWidget* m_stack = nullptr;
    ui::EmptyStudyPage* m_emptyPage = nullptr;
    ui::ViewerWidget* m_viewer = nullptr;
    MainStatusBar* m_statusBar = nullptr;

    ui::LabelSession* m_session = nullptr;
    ui::SamService* m_sam = nullptr;
    ui::SamAssistant* m_assistant = nullptr;
    ui::ToolController* m_tools = nullptr;
    ui::LabelsPanel* m_labelsPanel = nullptr;
    ModelController* m_models = nullptr;
    ProjectController* m_project = nullptr;
    AutosaveController* m_autosave = nullptr;
    RetrainController* m_retrain = nullptr;
    StudyConfidenceController* m_confidence = nullptr;
    PacsSegController* m_pacsSeg = nullptr;
    AnnotationActions* m_annotation = nullptr;
    PropagationController* m_propagation = nullptr;
    ReviewController* m_review = nullptr;
    EverythingController* m_everything = nullptr;
    StudyOpener* m_opener = nullptr;
    FileMenu* m_fileMenu = nullptr;
    StudyInfoDialog* m_studyInfo = nullptr;
    ShortcutsDialog* m_shortcuts = nullptr;
};

} // namespace delineate::app
