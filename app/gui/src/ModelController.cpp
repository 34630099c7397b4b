#include "gui/ModelController.h"

#include "feedback/ErrorPresenter.h"
#include "gui/DeviceMenu.h"
#include "gui/NoModelPanel.h"
#include "gui/ProjectController.h"
#include "inference/SamService.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QStackedWidget>

#include <algorithm>

namespace delineate::app {

ModelController::ModelController(ui::SamService* service, QMainWindow* window)
    : QObject(window), m_service(service), m_window(window), m_panel(new NoModelPanel),
      m_modelPanel(new ModelPanel), m_pages(new QStackedWidget),
      m_dock(new QDockWidget(tr("SAM Model"), window)), m_deviceMenu(new DeviceMenu(this))
{
    m_dock->setObjectName(QStringLiteral("samModelDock"));
    m_pages->addWidget(m_panel);
    m_pages->addWidget(m_modelPanel);
    m_dock->setWidget(m_pages);
    m_chooseAction = new QAction(tr("Choose &Checkpoint\u2026"), this);
    m_adapterAction = new QAction(tr("Choose &Adapter\u2026"), this);
    m_clearAdapterAction = new QAction(tr("Use &Base Model"), this);
    connect(m_chooseAction, &QAction::triggered, this, &ModelController::chooseCheckpoint);
    connect(m_adapterAction, &QAction::triggered, this, &ModelController::chooseAdapter);
    connect(m_clearAdapterAction, &QAction::triggered, this, &ModelController::clearAdapter);
    m_cacheAction = new QAction(tr("Embedding Cache &Size\u2026"), this);
    m_cacheAction->setStatusTip(tr("Memory kept for image embeddings, so revisited slices answer at once"));
    connect(m_cacheAction, &QAction::triggered, this, &ModelController::chooseCacheSize);
    connect(m_panel, &NoModelPanel::chooseCheckpointRequested, this, &ModelController::chooseCheckpoint);
    connect(m_modelPanel, &ModelPanel::changeCheckpointRequested, this, &ModelController::chooseCheckpoint);
    connect(m_modelPanel, &ModelPanel::changeAdapterRequested, this, &ModelController::chooseAdapter);
    connect(m_deviceMenu, &DeviceMenu::deviceChosen, this, &ModelController::setDevice);
    m_service->setDevice(DeviceMenu::remembered());

    connect(m_service, &ui::SamService::modelReady, this, &ModelController::modelReady);
    connect(m_service, &ui::SamService::deviceFallback, this, [this](const Error& error) {
        const QString gpu = ModelPanel::deviceName(m_service->device().id());
        m_state.fallbackReason = ui::ErrorPresenter::gpuReason(error);
        Q_EMIT message(ui::ErrorPresenter::present(error, ui::ErrorAction::UseGpu, gpu).text());
    });
    connect(m_service, &ui::SamService::failed, this, [this](const Error& error) {
        if (m_state.loading && !m_service->hasModel() && !m_service->isLoading())
            loadFailed(error); // the model, not a request
    });
}

void ModelController::addMenu(QMenu* menu)
{
    menu->addAction(m_chooseAction);
    menu->addAction(m_adapterAction);
    menu->addAction(m_clearAdapterAction);
    menu->addSeparator();
    m_deviceMenu->addTo(menu);
    menu->addAction(m_cacheAction);
    menu->addAction(m_dock->toggleViewAction());
}

int ModelController::cacheMiB() const
{
    return std::clamp(QSettings().value(QLatin1String(kCacheKey), kDefaultCacheMiB).toInt(), 16, 1 << 20);
}

void ModelController::setCacheMiB(int mib)
{
    mib = std::clamp(mib, 16, 1 << 20);
    QSettings().setValue(QLatin1String(kCacheKey), mib);
    m_service->setCacheCapacity(std::size_t(mib) << 20);
}

void ModelController::chooseCacheSize()
{
    bool ok = false;
    const int mib = QInputDialog::getInt(
        m_window, tr("Embedding Cache Size"),
        tr("Memory for image embeddings in MiB (one slice takes 4 MiB; the least recently used go first):"),
        cacheMiB(), 16, 1 << 20, 64, &ok);
    if (ok)
        setCacheMiB(mib);
}

void ModelController::setDevice(const ui::SamDevice& device)
{
    QSettings().setValue(QLatin1String(DeviceMenu::kDeviceKey), device.id());
    if (device == m_service->device() && m_state.fallbackReason.isEmpty())
        return; // chosen again after a fallback: try that device again
    m_service->setDevice(device);
    if (!m_checkpoint.isEmpty())
        load(m_checkpoint, m_adapter);
}

void ModelController::restore()
{
    m_service->setCacheCapacity(std::size_t(cacheMiB()) << 20);
    QSettings settings;
    settings.remove(QLatin1String(kAdapterKey)); // adapters belong to projects (issue 16.5)
    const QString checkpoint = settings.value(QLatin1String(kCheckpointKey)).toString();
    if (checkpoint.isEmpty() || !QFileInfo::exists(checkpoint)) {
        m_dock->show();
        m_dock->raise();
        showState();
        return;
    }
    load(checkpoint);
}

void ModelController::load(const QString& checkpoint, const QString& adapter)
{
    m_checkpoint = checkpoint;
    m_adapter = adapter;
    QSettings().setValue(QLatin1String(kCheckpointKey), checkpoint);
    m_state.loading = true;
    m_state.loadingFile = QFileInfo(checkpoint).fileName();
    m_state.fallbackReason.clear();
    m_service->loadModel(checkpoint, adapter);
    showState();
}

void ModelController::modelReady(const ui::LoadedModel& model)
{
    m_state.loading = m_service->isLoading();
    m_state.model = model;
    m_state.adapterName = adapterName(model.adapter);
    m_state.adapterLabel = adapterLabel(model.adapter);
    m_panel->setError({});
    showState();
}

void ModelController::loadFailed(const Error& error)
{
    m_state = {};
    m_panel->setError(ui::ErrorPresenter::present(error, ui::ErrorAction::LoadModel, m_checkpoint).text());
    m_dock->show();
    m_dock->raise();
    showState();
}

void ModelController::showState()
{
    const bool loaded = !m_state.model.variant.isEmpty();
    m_pages->setCurrentWidget(loaded || m_state.loading ? static_cast<QWidget*>(m_modelPanel) : m_panel);
    m_modelPanel->setState(m_state);
    QString text;
    if (m_state.loading)
        text = tr("Loading SAM model %1\u2026").arg(m_state.loadingFile);
    else if (!loaded)
        text = tr("No SAM model");
    else
        text = tr("SAM %1 on %2").arg(m_state.model.variant, ModelPanel::deviceName(m_state.model.device));
    if (loaded && !m_state.loading && !m_state.adapterName.isEmpty())
        text += QStringLiteral(" + ") + tr("adapter %1").arg(m_state.adapterName);
    m_status = text;
    Q_EMIT statusChanged(text);
    Q_EMIT stateChanged();
}

void ModelController::chooseCheckpoint()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Choose SAM Checkpoint"), {},
                                                      tr("SAM checkpoints (*.pth *.pt);;All files (*)"));
    if (!path.isEmpty())
        load(path);
}

void ModelController::chooseAdapter()
{
    if (m_checkpoint.isEmpty())
        return chooseCheckpoint();
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Choose Adapter"), {},
                                                      tr("Adapters (*.safetensors);;All files (*)"));
    if (!path.isEmpty())
        load(m_checkpoint, path);
}

void ModelController::clearAdapter()
{
    if (!m_checkpoint.isEmpty() && !m_adapter.isEmpty())
        load(m_checkpoint);
}

void ModelController::studyChanged()
{
    if (m_adapter.isEmpty() || m_checkpoint.isEmpty())
        return;
    const bool projectsAdapter =
        m_project && !m_project->folder().isEmpty() && !m_project->activeAdapter().isEmpty() &&
        QFileInfo(m_project->absolutePath(m_project->activeAdapter())) == QFileInfo(m_adapter);
    if (projectsAdapter)
        return;
    const QString name =
        m_state.adapterName.isEmpty() ? QFileInfo(m_adapter).completeBaseName() : m_state.adapterName;
    load(m_checkpoint);
    Q_EMIT message(tr("Adapter %1 belongs to another project: this study uses the base model").arg(name));
}

QString ModelController::adapterName(const QString& path) const
{
    if (path.isEmpty())
        return {};
    if (m_project && !m_project->folder().isEmpty())
        for (const project::AdapterEntry& entry : m_project->adapters())
            if (QFileInfo(m_project->absolutePath(QString::fromStdString(entry.file))) == QFileInfo(path) &&
                !entry.name.empty())
                return QString::fromStdString(entry.name);
    return QFileInfo(path).completeBaseName();
}

QString ModelController::adapterLabel(const QString& path) const
{
    if (path.isEmpty() || !m_project || m_project->folder().isEmpty())
        return {};
    const auto& retrains = m_project->session().project().retrains;
    for (auto it = retrains.rbegin(); it != retrains.rend(); ++it)
        if (QFileInfo(m_project->absolutePath(QString::fromStdString(it->adapter))) == QFileInfo(path))
            return QString::fromStdString(it->label);
    return {};
}

} // namespace delineate::app
