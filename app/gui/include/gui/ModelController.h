#pragma once
// The one place that knows the SAM model's state (ModelState: loading, file, variant, device, SHA-256,
// adapter), fed by SamService's signals; the SAM dock (no-model help or ModelPanel) and the status bar
// read it from here. Also the Model menu: choose a checkpoint (remembered and reloaded at start), an
// adapter, the device (DeviceMenu), the embedding cache size.
//
// Adapters are tied to their project and their label (issue 16.5): the project keeps one adapter per
// label (ProjectController::activeAdapter(label)); applyContext() loads the one of the active label of
// a study of that project, and the base model for a label without one, for a study outside a project
// and after a restart. It runs when the shown study, the active label or the label table changes, so
// a click, a propagation or a prompt-free pass asked for after a label switch is queued behind the
// switch's load (SamService serves requests after a pending load) and uses that label's weights. An
// adapter chosen by hand (Model > Choose Adapter...) becomes the active label's adapter in the project;
// without a project it serves until the study or the label changes. Never remembered outside a project.
// A GPU failure (SamService::deviceFallback) is told once through ErrorPresenter (message()); the model
// goes on on the CPU with the prompts it had.

#include "base/Error.h"
#include "gui/ModelPanel.h"
#include "inference/SamDevice.h"

#include <QObject>
#include <QString>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;
class QStackedWidget;

namespace delineate::ui {
class LabelSession;
class SamService;
} // namespace delineate::ui

namespace delineate::app {

class DeviceMenu;
class NoModelPanel;
class ProjectController;

class ModelController : public QObject {
    Q_OBJECT

public:
    static constexpr const char* kCheckpointKey = "sam/checkpoint";
    static constexpr const char* kAdapterKey = "sam/adapter"; // no longer written; removed at start
    static constexpr const char* kCacheKey = "sam/embeddingCacheMiB";
    static constexpr int kDefaultCacheMiB = 512; // 128 embeddings of 4 MiB

    ModelController(ui::SamService* service, QMainWindow* window);

    // The project whose adapters may be active (names and labels of adapters come from it).
    void setProject(ProjectController* project) { m_project = project; }
    // The labels whose active label picks the adapter (applyContext follows its label changes).
    void setLabelSession(const ui::LabelSession* labels);
    void addMenu(QMenu* menu);
    [[nodiscard]] QDockWidget* panelDock() const { return m_dock; }
    [[nodiscard]] ModelPanel* modelPanel() const { return m_modelPanel; }
    // Shown while no model is loaded; its Get Models... button asks MainWindow's Get Models action.
    [[nodiscard]] NoModelPanel* noModelPanel() const { return m_panel; }
    [[nodiscard]] DeviceMenu* deviceMenu() const { return m_deviceMenu; }
    // Loads the remembered checkpoint (base model), if any; otherwise shows the no-model panel.
    void restore();
    void load(const QString& checkpoint, const QString& adapter = {});
    [[nodiscard]] QString statusText() const { return m_status; }
    // The same, short enough for the status bar at 1280 px ("SAM vit_t on CPU + liver-v2"): the model, where
    // it runs and the adapter's name; statusText() (the label's name, the checkpoint loading) is its tooltip.
    [[nodiscard]] QString briefStatusText() const { return m_briefStatus; }
    [[nodiscard]] const ModelState& state() const { return m_state; }
    // The checkpoint and adapter last asked for (empty: none / base model).
    [[nodiscard]] QString checkpoint() const { return m_checkpoint; }
    [[nodiscard]] QString adapter() const { return m_adapter; }
    // Memory for cached image embeddings (MiB), remembered in the settings; applied at once.
    [[nodiscard]] int cacheMiB() const;
    void setCacheMiB(int mib);
    // Where the model runs (remembered); a loaded model is loaded again there.
    void setDevice(const ui::SamDevice& device);

public Q_SLOTS:
    void chooseCheckpoint();
    void chooseAdapter();
    void clearAdapter();
    void chooseCacheSize();
    // Loads the adapter the project has for the active label (base model when none, outside a project
    // or while no study is shown) onto `checkpoint` (empty: the current one) unless it is loaded already;
    // says so in the status bar. True when a load was started.
    bool applyContext(const QString& checkpoint = {});
    // Uses the adapter file `path`: in a project it becomes the active label's adapter (listed in the
    // project if it is not yet); without one it is loaded for this study and label.
    void useAdapter(const QString& path);

Q_SIGNALS:
    void statusChanged(const QString& text); // statusText(); briefStatusText() changes with it
    void stateChanged();
    // A message for the status bar (the GPU fallback, an adapter set aside).
    void message(const QString& text);

private:
    void modelReady(const ui::LoadedModel& model);
    void loadFailed(const Error& error);
    void showState();
    [[nodiscard]] QString adapterName(const QString& path) const;
    [[nodiscard]] QString activeLabelName() const;
    [[nodiscard]] QString contextAdapter() const;
    [[nodiscard]] bool projectHasAdapters() const;

    ui::SamService* m_service;
    QMainWindow* m_window;
    ProjectController* m_project = nullptr;
    const ui::LabelSession* m_labels = nullptr;
    NoModelPanel* m_panel;
    ModelPanel* m_modelPanel;
    QStackedWidget* m_pages;
    QDockWidget* m_dock;
    DeviceMenu* m_deviceMenu;
    QAction* m_chooseAction;
    QAction* m_adapterAction;
    QAction* m_clearAdapterAction;
    QAction* m_cacheAction;
    QString m_checkpoint;
    QString m_adapter;
    QString m_status;
    QString m_briefStatus;
    ModelState m_state;
};

} // namespace delineate::app
