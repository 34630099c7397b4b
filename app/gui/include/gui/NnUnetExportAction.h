#pragma once
// File > Export Project as nnU-Net Dataset…: asks for a folder and which studies (complete labels only,
// or every study with labels), then runs nnunet::exportDataset on a worker thread (it loads and writes
// every study) and reports the result in the status bar; errors go through ui/feedback's ErrorPresenter
// (via StudyOpener::showError). The project must have a folder (saved). One export at a time.

#include <QObject>

class QMainWindow;

namespace delineate::app {

class ProjectController;
class StudyOpener;

class NnUnetExportAction : public QObject {
    Q_OBJECT
public:
    NnUnetExportAction(ProjectController* project, StudyOpener* opener, QMainWindow* window);
    [[nodiscard]] bool isRunning() const { return m_running; }

public Q_SLOTS:
    void run();

private:
    ProjectController* m_project;
    StudyOpener* m_opener;
    QMainWindow* m_window;
    bool m_running = false;
};

} // namespace delineate::app
