#pragma once
// The Model menu: choose a SAM checkpoint and optionally an adapter (both remembered in QSettings and
// reloaded at start), the no-model panel while none is loaded, and the model part of the status bar
// (model, device, last timings). Loading happens on SamService's thread.

#include <QObject>
#include <QString>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace delineate::ui {
class SamService;
}

namespace delineate::app {

class NoModelPanel;

class ModelController : public QObject {
    Q_OBJECT

public:
    static constexpr const char* kCheckpointKey = "sam/checkpoint";
    static constexpr const char* kAdapterKey = "sam/adapter";
    static constexpr const char* kCacheKey = "sam/embeddingCacheMiB";
    static constexpr int kDefaultCacheMiB = 512; // 128 embeddings of 4 MiB

    ModelController(ui::SamService* service, QMainWindow* window);

    void addMenu(QMenu* menu);
    [[nodiscard]] QDockWidget* panelDock() const { return m_dock; }
    // Loads the remembered checkpoint, if any; otherwise shows the no-model panel.
    void restore();
    void load(const QString& checkpoint, const QString& adapter = {});
    [[nodiscard]] QString statusText() const { return m_status; }
    // The checkpoint and adapter last asked for (empty: none / base model).
    [[nodiscard]] QString checkpoint() const { return m_checkpoint; }
    [[nodiscard]] QString adapter() const { return m_adapter; }
    // Memory for cached image embeddings (MiB), remembered in the settings; applied at once.
    [[nodiscard]] int cacheMiB() const;
    void setCacheMiB(int mib);

public Q_SLOTS:
    void chooseCheckpoint();
    void chooseAdapter();
    void clearAdapter();
    void chooseCacheSize();

Q_SIGNALS:
    void statusChanged(const QString& text);

private:
    void setStatus(const QString& text);

    ui::SamService* m_service;
    QMainWindow* m_window;
    NoModelPanel* m_panel;
    QDockWidget* m_dock;
    QAction* m_chooseAction;
    QAction* m_adapterAction;
    QAction* m_clearAdapterAction;
    QAction* m_cacheAction;
    QString m_checkpoint;
    QString m_adapter;
    QString m_status;
};

} // namespace delineate::app
