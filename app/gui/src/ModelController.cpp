#include "gui/ModelController.h"

#include "feedback/ErrorPresenter.h"
#include "gui/DeviceMenu.h"
#include "gui/NoModelPanel.h"
#include "gui/ProjectController.h"
#include "inference/SamService.h"
#include "labeling/LabelSession.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
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
namespace {

// Both empty (the base model) or the same file.
bool sameFile(const QString& a, const QString& b)
{
    if (a.isEmpty() || b.isEmpty())
        return a.isEmpty() && b.isEmpty();
    return QFileInfo(a) == QFileInfo(b);
}

} // namespace

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
    m_state.label = activeLabelName();
    m_state.labelsHaveAdapters = projectHasAdapters();
    m_modelPanel->setState(m_state);
    QString text;
    QString brief; // the status bar's: no file or label names (they are in the full text, its tooltip)
    if (m_state.loading) {
        text = tr("Loading SAM model %1\u2026").arg(m_state.loadingFile);
        brief = tr("Loading SAM\u2026");
    } else if (!loaded) {
        text = tr("No SAM model");
        brief = text;
    } else {
        text = tr("SAM %1 on %2").arg(m_state.model.variant, ModelPanel::deviceName(m_state.model.device));
        brief = text;
    }
    if (loaded && !m_state.loading && !m_state.adapterName.isEmpty()) {
        text += QStringLiteral(" + ") + tr("adapter %1").arg(m_state.adapterName);
        brief += QStringLiteral(" + ") + m_state.adapterName;
        if (!m_state.label.isEmpty())
            text += QLatin1Char(' ') + tr("for \u201c%1\u201d").arg(m_state.label);
    } else if (loaded && !m_state.loading && !m_state.label.isEmpty() && m_state.labelsHaveAdapters) {
        text += QStringLiteral(", ") + tr("base model for \u201c%1\u201d").arg(m_state.label);
        brief += QStringLiteral(", ") + tr("base model");
    }
    m_status = text;
    m_briefStatus = brief;
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
        useAdapter(path);
}

void ModelController::useAdapter(const QString& path)
{
    const QString label = activeLabelName();
    if (!m_project || m_project->folder().isEmpty() || label.isEmpty()) {
        load(m_checkpoint, path); // outside a project: until the study or the label changes
        return;
    }
    const QString file = QDir(m_project->folder()).relativeFilePath(path);
    const bool listed =
        std::any_of(m_project->adapters().begin(), m_project->adapters().end(),
                    [&](const project::AdapterEntry& a) { return a.file == file.toStdString(); });
    const Result<void> set =
        listed ? m_project->setActiveAdapter(label, file)
               : m_project->addAdapter({file.toStdString(), QFileInfo(path).completeBaseName().toStdString(),
                                        QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString(),
                                        label.toStdString()});
    if (!set)
        Q_EMIT message(
            ui::ErrorPresenter::present(set.error(), ui::ErrorAction::UpdateProject, m_project->folder())
                .text());
    applyContext();
}

void ModelController::clearAdapter()
{
    const QString label = activeLabelName();
    if (m_project && !m_project->folder().isEmpty() && !label.isEmpty())
        if (const Result<void> set = m_project->setActiveAdapter(label, {}); !set)
            Q_EMIT message(
                ui::ErrorPresenter::present(set.error(), ui::ErrorAction::UpdateProject, m_project->folder())
                    .text());
    if (!m_checkpoint.isEmpty() && !m_adapter.isEmpty())
        load(m_checkpoint);
}

void ModelController::setLabelSession(const ui::LabelSession* labels)
{
    m_labels = labels;
    connect(labels, &ui::LabelSession::activeLabelChanged, this, [this] { applyContext(); });
    connect(labels, &ui::LabelSession::tableChanged, this, [this] { applyContext(); });
}

QString ModelController::activeLabelName() const
{
    if (!m_labels || !m_labels->isOpen())
        return {};
    const labels::LabelEntry* entry = m_labels->table().find(m_labels->activeLabel());
    return entry ? QString::fromStdString(entry->name) : QString();
}

QString ModelController::contextAdapter() const
{
    if (!m_project || m_project->folder().isEmpty())
        return {};
    const QString file = m_project->activeAdapter(activeLabelName());
    return file.isEmpty() ? QString() : m_project->absolutePath(file);
}

bool ModelController::projectHasAdapters() const
{
    return m_project && !m_project->folder().isEmpty() && !m_project->adapters().empty();
}

bool ModelController::applyContext(const QString& checkpoint)
{
    if (m_project && m_project->opening())
        return false; // the project's study is loading: studyOpened follows
    const QString model = checkpoint.isEmpty() ? m_checkpoint : checkpoint;
    const QString label = activeLabelName();
    QString wanted = contextAdapter();
    const QString missing = !wanted.isEmpty() && !QFileInfo::exists(wanted) ? wanted : QString();
    if (!missing.isEmpty())
        wanted.clear();
    if (model.isEmpty() || (model == m_checkpoint && sameFile(wanted, m_adapter))) {
        showState(); // the label's name may have changed
        return false;
    }
    const QString before = m_adapter;
    load(model, wanted);
    const bool inProject = m_project && !m_project->folder().isEmpty() && !label.isEmpty();
    if (!missing.isEmpty())
        Q_EMIT message(tr("The adapter %1 of label \u201c%2\u201d is missing: the base model is used")
                           .arg(QDir::toNativeSeparators(missing), label));
    else if (!wanted.isEmpty())
        Q_EMIT message(tr("Adapter %1 in use for label \u201c%2\u201d").arg(adapterName(wanted), label));
    else if (!before.isEmpty() && inProject)
        Q_EMIT message(
            tr("Label \u201c%1\u201d has no adapter in this project: the base model is used").arg(label));
    else if (!before.isEmpty())
        Q_EMIT message(tr("Adapter %1 set aside: the base model is used").arg(adapterName(before)));
    return true;
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

} // namespace delineate::app
