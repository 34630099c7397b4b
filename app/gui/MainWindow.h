#pragma once
// The application window: menus and actions, the empty state or the viewer, the status bar readout,
// drag and drop, recent studies. It wires StudyLoadJob to the viewer and owns no imaging logic.

#include "gui/LoadErrorDialog.h"
#include "gui/LoadedStudy.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;

namespace delineate::ui {
class EmptyStudyPage;
class ViewerWidget;
} // namespace delineate::ui

namespace delineate::app {

class RecentStudies;
class StudyLoadJob;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a study file or DICOM folder in the background; `labelsPath` optionally overlays a label
    // map on it. Ends in studyOpened() or openFailed().
    void openStudy(const QString& path, const QString& labelsPath = {});
    [[nodiscard]] bool isLoading() const;
    [[nodiscard]] const LoadedStudy& study() const { return m_study; }
    [[nodiscard]] ui::ViewerWidget* viewer() const { return m_viewer; }
    [[nodiscard]] RecentStudies* recentStudies() const { return m_recent; }
    // The error dialog currently shown, if any.
    [[nodiscard]] LoadErrorDialog* errorDialog() const { return m_errorDialog; }

public Q_SLOTS:
    void openFileDialog();
    void openFolderDialog();
    void openLabelMapDialog();
    void closeStudy();

Q_SIGNALS:
    void studyOpened(const QString& path);
    void openFailed(const QString& path);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void rebuildRecentMenu();
    void showLoaded(const LoadedStudy& loaded, const QString& path);
    void showFailure(const Error& error, const QString& path);
    void showError(const Error& error, const QString& path, const QString& what);
    void applyLabels();
    void setLoading(bool loading, const QString& path = {});
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
    QPointer<LoadErrorDialog> m_errorDialog;

    QAction* m_openFileAction = nullptr;
    QAction* m_openFolderAction = nullptr;
    QAction* m_openLabelsAction = nullptr;
    QAction* m_closeAction = nullptr;
    QAction* m_quitAction = nullptr;
    QMenu* m_recentMenu = nullptr;
};

} // namespace delineate::app
