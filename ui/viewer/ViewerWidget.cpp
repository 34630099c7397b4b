#include "viewer/ViewerWidget.h"

#include "viewer/CinePlayer.h"
#include "viewer/DisplaySettings.h"
#include "viewer/SliceView.h"
#include "viewer/WindowPreset.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolBar>
#include <QVBoxLayout>

namespace delineate::ui {

ViewerWidget::ViewerWidget(QWidget* parent)
    : QWidget(parent)
    , m_settings(new DisplaySettings(this))
    , m_view(new SliceView(this))
{
    m_view->setDisplaySettings(m_settings);
    m_cine = new CinePlayer(m_view, this);

    m_sliceSlider = new QSlider(Qt::Vertical, this);
    m_sliceSlider->setToolTip(tr("Slice"));
    m_sliceSlider->setFocusPolicy(Qt::NoFocus);

    createActions();
    createToolBar();

    auto* body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(2);
    body->addWidget(m_view, 1);
    body->addWidget(m_sliceSlider);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolBar);
    layout->addLayout(body, 1);

    connect(m_sliceSlider, &QSlider::valueChanged, m_view,
            [this](int value) { m_view->setSliceIndex(value); });
    connect(m_view, &SliceView::sliceChanged, this, &ViewerWidget::syncSlider);
    connect(m_view, &SliceView::planeChanged, this, &ViewerWidget::syncPlane);
    connect(m_view, &SliceView::cursorMoved, this, &ViewerWidget::cursorMoved);
    connect(m_settings, &DisplaySettings::presetChanged, this, &ViewerWidget::syncPreset);
    connect(m_cine, &CinePlayer::playingChanged, m_playAction, &QAction::setChecked);
    syncEnabled();
}

void ViewerWidget::createActions()
{
    m_planeGroup = new QActionGroup(this);
    auto planeAction = [this](ViewPlane plane, const QString& text, const QString& shortcut) {
        auto* action = new QAction(text, m_planeGroup);
        action->setCheckable(true);
        action->setShortcut(QKeySequence(shortcut));
        action->setData(QString::fromLatin1(viewPlaneId(plane)));
        connect(action, &QAction::triggered, m_view, [this, plane] { m_view->setPlane(plane); });
        return action;
    };
    m_axialAction = planeAction(ViewPlane::Axial, tr("&Axial"), QStringLiteral("1"));
    m_coronalAction = planeAction(ViewPlane::Coronal, tr("&Coronal"), QStringLiteral("2"));
    m_sagittalAction = planeAction(ViewPlane::Sagittal, tr("&Sagittal"), QStringLiteral("3"));
    m_axialAction->setChecked(true);

    m_resetViewAction = new QAction(tr("&Fit to Window"), this);
    m_resetViewAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+0")));
    connect(m_resetViewAction, &QAction::triggered, m_view, &SliceView::resetView);

    m_labelsAction = new QAction(tr("Show &Labels"), this);
    m_labelsAction->setCheckable(true);
    m_labelsAction->setChecked(m_settings->labelsVisible());
    m_labelsAction->setShortcut(QKeySequence(QStringLiteral("L")));
    connect(m_labelsAction, &QAction::toggled, m_settings, &DisplaySettings::setLabelsVisible);

    m_outlineAction = new QAction(tr("Label &Outlines"), this);
    m_outlineAction->setCheckable(true);
    m_outlineAction->setChecked(m_settings->outlineVisible());
    m_outlineAction->setShortcut(QKeySequence(QStringLiteral("O")));
    connect(m_outlineAction, &QAction::toggled, m_settings, &DisplaySettings::setOutlineVisible);

    m_smoothAction = new QAction(tr("S&mooth Display"), this);
    m_smoothAction->setCheckable(true);
    m_smoothAction->setChecked(m_settings->smoothing());
    m_smoothAction->setStatusTip(tr("Interpolate between voxels on screen (the data are not changed)"));
    connect(m_smoothAction, &QAction::toggled, m_settings, &DisplaySettings::setSmoothing);
    connect(m_settings, &DisplaySettings::smoothingChanged, this, [this] {
        const QSignalBlocker blocker(m_smoothAction);
        m_smoothAction->setChecked(m_settings->smoothing());
    });

    m_playAction = new QAction(tr("&Play Cine"), this);
    m_playAction->setCheckable(true);
    m_playAction->setShortcut(QKeySequence(Qt::Key_Space));
    connect(m_playAction, &QAction::triggered, m_cine, &CinePlayer::setPlaying);

    m_viewActions = {m_axialAction,   m_coronalAction, m_sagittalAction, separator(),
                     m_resetViewAction, m_smoothAction, separator(),   m_labelsAction,
                     m_outlineAction, separator(),     m_playAction};
}

void ViewerWidget::createToolBar()
{
    m_toolBar = new QToolBar(tr("Viewer"), this);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addActions(m_planeGroup->actions());
    m_toolBar->addSeparator();
    m_toolBar->addWidget(new QLabel(tr("Window "), m_toolBar));
    m_presetCombo = new QComboBox(m_toolBar);
    m_presetCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_presetCombo->setFocusPolicy(Qt::NoFocus);
    m_toolBar->addWidget(m_presetCombo);
    fillPresetCombo();
    connect(m_presetCombo, &QComboBox::activated, this, [this](int index) {
        const QString id = m_presetCombo->itemData(index).toString();
        if (m_view->volume() && id != QLatin1String(WindowPreset::kCustomId))
            m_settings->applyPreset(id, *m_view->volume());
        syncPreset();
    });
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_labelsAction);
    m_toolBar->addAction(m_outlineAction);
    m_toolBar->addWidget(new QLabel(tr(" Opacity "), m_toolBar));
    m_opacitySlider = new QSlider(Qt::Horizontal, m_toolBar);
    m_opacitySlider->setRange(0, 100);
    m_opacitySlider->setMaximumWidth(120);
    m_opacitySlider->setFocusPolicy(Qt::NoFocus);
    m_opacitySlider->setValue(int(m_settings->fillOpacity() * 100.0 + 0.5));
    m_toolBar->addWidget(m_opacitySlider);
    connect(m_opacitySlider, &QSlider::valueChanged, m_settings,
            [this](int value) { m_settings->setFillOpacity(value / 100.0); });
    connect(m_settings, &DisplaySettings::overlayChanged, this, [this] {
        const QSignalBlocker blocker(m_opacitySlider);
        m_opacitySlider->setValue(int(m_settings->fillOpacity() * 100.0 + 0.5));
        const QSignalBlocker labelsBlocker(m_labelsAction);
        m_labelsAction->setChecked(m_settings->labelsVisible());
        const QSignalBlocker outlineBlocker(m_outlineAction);
        m_outlineAction->setChecked(m_settings->outlineVisible());
    });
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_playAction);
    m_toolBar->addAction(m_resetViewAction);
}

void ViewerWidget::fillPresetCombo()
{
    const QSignalBlocker blocker(m_presetCombo);
    m_presetCombo->clear();
    for (const WindowPreset& preset : WindowPreset::all())
        if (preset.appliesTo(m_hounsfield))
            m_presetCombo->addItem(preset.title, preset.id);
    m_presetCombo->addItem(tr("Custom"), QString::fromLatin1(WindowPreset::kCustomId));
    syncPreset();
}

void ViewerWidget::syncPreset()
{
    const QSignalBlocker blocker(m_presetCombo);
    const int index = m_presetCombo->findData(m_settings->presetId());
    m_presetCombo->setCurrentIndex(index >= 0 ? index : m_presetCombo->count() - 1);
}

void ViewerWidget::syncPlane()
{
    const QString id = QString::fromLatin1(viewPlaneId(m_view->plane()));
    for (QAction* action : m_planeGroup->actions()) {
        const QSignalBlocker blocker(action);
        action->setChecked(action->data().toString() == id);
    }
}

void ViewerWidget::syncSlider()
{
    const QSignalBlocker blocker(m_sliceSlider);
    m_sliceSlider->setRange(0, int(std::max<qint64>(0, m_view->sliceCount() - 1)));
    m_sliceSlider->setValue(int(m_view->sliceIndex()));
}

void ViewerWidget::syncEnabled()
{
    const auto& volume = m_view->volume();
    const bool cine = volume && volume->frameKind == image::FrameKind::Temporal;
    m_planeGroup->setEnabled(volume && !cine && volume->geometry().size[2] > 1);
    m_presetCombo->setEnabled(bool(volume));
    m_resetViewAction->setEnabled(bool(volume));
    const bool labels = bool(m_view->labels());
    m_labelsAction->setEnabled(labels);
    m_outlineAction->setEnabled(labels);
    m_opacitySlider->setEnabled(labels);
    m_playAction->setEnabled(m_cine->canPlay());
    m_playAction->setVisible(cine);
    m_sliceSlider->setEnabled(m_view->sliceCount() > 1);
}

void ViewerWidget::setVolume(std::shared_ptr<const image::Volume> volume)
{
    m_cine->pause();
    m_hounsfield = volume && WindowPreset::looksLikeHounsfield(*volume);
    if (volume)
        m_settings->resetFor(*volume);
    fillPresetCombo();
    m_view->setVolume(std::move(volume));
    syncPlane();
    syncSlider();
    syncEnabled();
}

bool ViewerWidget::setLabels(std::shared_ptr<const image::LabelMap> labels, const LabelPalette& palette)
{
    m_view->setLabelPalette(palette);
    const bool accepted = m_view->setLabels(std::move(labels));
    syncEnabled();
    return accepted;
}

QAction* ViewerWidget::separator()
{
    auto* action = new QAction(this);
    action->setSeparator(true);
    return action;
}

QList<QAction*> ViewerWidget::viewActions() const
{
    return m_viewActions;
}

} // namespace delineate::ui
