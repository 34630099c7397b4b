#include "gui/ModelController.h"

#include "feedback/ErrorPresenter.h"
#include "gui/NoModelPanel.h"
#include "inference/SamService.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>

#include <algorithm>

namespace delineate::app {

ModelController::ModelController(ui::SamService* service, QMainWindow* window)
    : QObject(window), m_service(service), m_window(window), m_panel(new NoModelPanel),
      m_dock(new QDockWidget(tr("SAM Model"), window))
{
    m_dock->setObjectName(QStringLiteral("samModelDock"));
    m_dock->setWidget(m_panel);
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

    connect(m_service, &ui::SamService::modelLoaded, this,
            [this](const QString& description, const QString& device) {
                m_panel->setError({});
                m_dock->hide();
                setStatus(tr("SAM %1 on %2").arg(description, device.toUpper()));
            });
    connect(m_service, &ui::SamService::failed, this, [this](const Error& error) {
        if (m_service->hasModel())
            return; // a request failed, not the model
        m_panel->setError(ui::ErrorPresenter::present(error, ui::ErrorAction::LoadModel, m_checkpoint).text());
        m_dock->show();
        m_dock->raise();
        setStatus(tr("No SAM model"));
    });
}

void ModelController::addMenu(QMenu* menu)
{
    menu->addAction(m_chooseAction);
    menu->addAction(m_adapterAction);
    menu->addAction(m_clearAdapterAction);
    menu->addSeparator();
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

void ModelController::restore()
{
    m_service->setCacheCapacity(std::size_t(cacheMiB()) << 20);
    const QSettings settings;
    const QString checkpoint = settings.value(QLatin1String(kCheckpointKey)).toString();
    if (checkpoint.isEmpty() || !QFileInfo::exists(checkpoint)) {
        m_dock->show();
        m_dock->raise();
        setStatus(tr("No SAM model"));
        return;
    }
    load(checkpoint, settings.value(QLatin1String(kAdapterKey)).toString());
}

void ModelController::load(const QString& checkpoint, const QString& adapter)
{
    m_checkpoint = checkpoint;
    m_adapter = adapter;
    QSettings settings;
    settings.setValue(QLatin1String(kCheckpointKey), checkpoint);
    settings.setValue(QLatin1String(kAdapterKey), adapter);
    setStatus(tr("Loading SAM model %1\u2026").arg(QFileInfo(checkpoint).fileName()));
    m_service->loadModel(checkpoint, adapter);
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

void ModelController::setStatus(const QString& text)
{
    m_status = text;
    Q_EMIT statusChanged(text);
}

} // namespace delineate::app
