#pragma once
// Opening and closing studies in the window: a file, DICOM folder or project loads in the background
// (StudyLoadJob), a path with several series asks first (SeriesPickerDialog), and the loaded study is
// handed to the viewer, the label session, SAM and the project. Before the shown study's labels go away
// (another study, Close Study, quit, another label map) unsaved edits are kept (keepUnsavedWork).
// Failures show in an ErrorDialog in the interface language; the window stays usable.

#include "feedback/ErrorPresenter.h"
#include "gui/ErrorDialog.h"
#include "gui/LoadedStudy.h"
#include "gui/StudyLoadJob.h"

#include <QObject>
#include <QPointer>

#include <optional>

class QMainWindow;

namespace delineate::ui {
class LabelSession;
class SamAssistant;
class ViewerWidget;
} // namespace delineate::ui

namespace delineate::app {

class AutosaveController;
class ProjectController;
class RecentStudies;
class SeriesPickerDialog;

class StudyOpener : public QObject {
    Q_OBJECT

public:
    struct Parts {
        ui::ViewerWidget* viewer;
        ui::LabelSession* session;
        ui::SamAssistant* assistant;
        ProjectController* project;
        AutosaveController* autosave;
        RecentStudies* recent;
    };
    StudyOpener(const Parts& parts, QMainWindow* window);

    // See MainWindow::openStudy / openProject / openFrame / chooseSeries / keepUnsavedWork.
    bool openStudy(const QString& path, const QString& labelsPath = {},
                   const std::optional<io::LoadOptions>& options = std::nullopt);
    bool openProject(const QString& folder);
    bool openFrame(int frame);
    void chooseSeries();
    void chooseFrameDialog();
    // Replaces the shown study's labels by the label map at `path` (unsaved edits are kept first).
    void openLabelMap(const QString& path);
    void stepProjectStudy(int step);
    bool keepUnsavedWork();
    // Label edits or reviewed marks of the shown study that no file holds yet.
    [[nodiscard]] bool hasUnsavedWork() const;
    // The folder name Save Project offers: "<study name> project".
    [[nodiscard]] QString suggestedProjectName() const;
    void closeStudy();
    // Saves the project to `folder` (empty: its current folder) and says so in the status bar.
    Result<void> saveProject(const QString& folder = {});
    // Shows `error` (what the user was doing: `action`, about `subject`) in the error dialog.
    void showError(const Error& error, ui::ErrorAction action, const QString& subject,
                   const QString& note = {});

    [[nodiscard]] bool isLoading() const { return m_loader->isRunning(); }
    [[nodiscard]] const LoadedStudy& study() const { return m_study; }
    [[nodiscard]] const QString& studyPath() const { return m_studyPath; }
    [[nodiscard]] SeriesPickerDialog* seriesPicker() const;
    [[nodiscard]] ErrorDialog* errorDialog() const { return m_errorDialog; }

Q_SIGNALS:
    void studyOpened(const QString& path);
    void openFailed(const QString& path);
    void seriesChoiceShown();
    void studyClosed();
    // File > Open Label Map replaced the session's labels.
    void labelsImported();
    void loadingChanged(bool loading, const QString& path);
    void status(const QString& text, int milliseconds);

private:
    void startLoading(const StudyLoadJob::Request& request);
    void showSeriesChoice(const io::SeriesListing& listing, const QString& labelsPath,
                          const std::optional<io::LoadOptions>& current = std::nullopt);
    void showLoaded(const LoadedStudy& loaded, const QString& path);
    void showFailure(const Error& error, const QString& path);
    void tableUnreadable(const Error& error);
    void applyLabels();
    void setLoading(bool loading, const QString& path = {});

    QMainWindow* m_window;
    Parts m_parts;
    StudyLoadJob* m_loader;
    LoadedStudy m_study;
    QString m_studyPath;
    QPointer<SeriesPickerDialog> m_seriesPicker;
    QPointer<ErrorDialog> m_errorDialog;
};

} // namespace delineate::app
