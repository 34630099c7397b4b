#pragma once
// The File menu: open a file, DICOM folder, label map or project (recent studies, the studies of the open
// project), choose another series or frame, save the project, export labels, close and quit. Its
// dialogs hand the chosen paths to StudyOpener and ProjectController; what can be done follows the
// shown study (setStudyShown, setLoading).

#include <QKeySequence>
#include <QObject>

#include <functional>

class QAction;
class QMainWindow;
class QMenu;

namespace delineate::app {

class ProjectController;
class RecentStudies;
class StudyOpener;

class FileMenu : public QObject {
    Q_OBJECT

public:
    FileMenu(StudyOpener* opener, ProjectController* project, RecentStudies* recent, QMainWindow* window);

    // Adds the File menu to the window's menu bar (and the study-stepping shortcuts to the window).
    // Fills the File menu; teamEntries (DICOM SEG, PACS) go in their own group above Close.
    void fill(QMenu* file, const std::function<void(QMenu*)>& teamEntries = {});
    [[nodiscard]] QAction* studyInfoAction() const { return m_studyInfo; }
    // A study is shown (true) or none (false).
    void setStudyShown(bool shown, bool severalSeries, bool severalFrames);
    void setLoading(bool loading);

public Q_SLOTS:
    void openFileDialog();
    void openFolderDialog();
    void openLabelMapDialog();
    void openProjectDialog();
    void saveProjectDialog();
    void exportLabelsDialog(bool perLabel);
    void exportProjectDialog();

Q_SIGNALS:
    void studyInformationRequested();

private:
    void createActions();
    void saveProject();
    void rebuildRecentMenu();
    void rebuildStudiesMenu();
    [[nodiscard]] QAction* action(const QString& text, const QKeySequence& shortcut = {});

    QMainWindow* m_window;
    StudyOpener* m_opener;
    ProjectController* m_project;
    RecentStudies* m_recent;

    QAction* m_openFile = nullptr;
    QAction* m_openFolder = nullptr;
    QAction* m_openLabels = nullptr;
    QAction* m_chooseSeries = nullptr;
    QAction* m_chooseFrame = nullptr;
    QAction* m_studyInfo = nullptr;
    QAction* m_openProject = nullptr;
    QAction* m_saveProject = nullptr;
    QAction* m_saveProjectAs = nullptr;
    QAction* m_export = nullptr;
    QAction* m_exportPerLabel = nullptr;
    QAction* m_exportProject = nullptr;
    QAction* m_exportNnUnet = nullptr;
    QAction* m_close = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_nextStudy = nullptr;
    QAction* m_previousStudy = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_studiesMenu = nullptr;
};

} // namespace delineate::app
