#include "viewer/ViewerWidget.h"

#include "CinePlayer.h"
#include "DisplaySettings.h"
#include "WindowPreset.h"
#include "viewer/SliceStrip.h"
#include "viewer/SliceView.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QSignalBlocker>
#include <QSlider>
#include <QSplitter>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <vector>

namespace delineate::ui {

ViewerWidget::ViewerWidget(QWidget* parent)
    : QWidget(parent), m_settings(new DisplaySettings(this)), m_view(new SliceView(this))
{
    m_view->setDisplaySettings(m_settings);
    m_cine = new CinePlayer(m_view, this);

    m_sliceSlider = new QSlider(Qt::Vertical, this);
    m_sliceSlider->setToolTip(tr("Slice"));
    m_sliceSlider->setFocusPolicy(Qt::NoFocus);
    m_sliceStrip = new SliceStrip(this);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* mainPanel = new QWidget(splitter);
    m_sidePanel = new QSplitter(Qt::Vertical, splitter);
    for (SliceView*& side : m_sideViews) {
        side = new SliceView(m_sidePanel);
        side->setDisplaySettings(m_settings);
        side->setLocator(true);
        side->setMinimumSize(160, 160);
        connect(side, &SliceView::pointPicked, this, &ViewerWidget::movePoint);
        connect(side, &SliceView::sliceChanged, this, [this, side](qint64 index) {
            if (m_cursor[std::size_t(side->viewTransform().normalAxis())] == double(index))
                return;
            image::Vec3 point = m_cursor;
            point[std::size_t(side->viewTransform().normalAxis())] = double(index);
            movePoint(point);
        });
        connect(side, &SliceView::cursorMoved, this, &ViewerWidget::cursorMoved);
    }
    m_sidePanel->hide();

    createActions();
    createToolBar();

    auto* body = new QHBoxLayout(mainPanel);
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(2);
    body->addWidget(m_view, 1);
    body->addWidget(m_sliceSlider);
    body->addWidget(m_sliceStrip);
    splitter->addWidget(mainPanel);
    splitter->addWidget(m_sidePanel);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolBar);
    layout->addWidget(splitter, 1);

    connect(m_sliceSlider, &QSlider::valueChanged, m_view,
            [this](int value) { m_view->setSliceIndex(value); });
    connect(m_view, &SliceView::sliceChanged, this, &ViewerWidget::syncSlider);
    connect(m_view, &SliceView::sliceChanged, m_sliceStrip, &SliceStrip::setCurrent);
    connect(m_sliceStrip, &SliceStrip::sliceClicked, m_view, &SliceView::setSliceIndex);
    connect(m_view, &SliceView::planeChanged, this, &ViewerWidget::syncPlane);
    connect(m_view, &SliceView::planeChanged, this, &ViewerWidget::syncSideViews);
    connect(m_view, &SliceView::sliceChanged, this, [this](qint64 index) {
        m_cursor[std::size_t(m_view->viewTransform().normalAxis())] = double(index);
        syncSideViews();
    });
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

    m_threeViewsAction = new QAction(tr("&Three Views"), this);
    m_threeViewsAction->setCheckable(true);
    m_threeViewsAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+3")));
    m_threeViewsAction->setStatusTip(
        tr("Show the two other planes beside the main view, through one cursor point"));
    m_threeViewsAction->setChecked(QSettings().value(QStringLiteral("viewer/threeViews"), false).toBool());
    connect(m_threeViewsAction, &QAction::toggled, this, &ViewerWidget::setThreeViews);

    m_playAction = new QAction(tr("&Play Cine"), this);
    m_playAction->setCheckable(true);
    m_playAction->setShortcut(QKeySequence(Qt::Key_Space));
    connect(m_playAction, &QAction::triggered, m_cine, &CinePlayer::setPlaying);

    m_viewActions = {m_axialAction,  m_coronalAction,   m_sagittalAction, m_threeViewsAction,
                     separator(),    m_resetViewAction, m_smoothAction,   separator(),
                     m_labelsAction, m_outlineAction,   separator(),      m_playAction};
}

void ViewerWidget::createToolBar()
{
    m_toolBar = new QToolBar(tr("Viewer"), this);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addActions(m_planeGroup->actions());
    m_toolBar->addAction(m_threeViewsAction);
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
    m_opacitySlider->setMinimumWidth(
        70); // a narrow window moves tool bar items into its overflow menu instead
    m_opacitySlider->setFocusPolicy(Qt::NoFocus);
    m_opacitySlider->setValue(static_cast<int>(std::lround(m_settings->fillOpacity() * 100.0)));
    m_toolBar->addWidget(m_opacitySlider);
    connect(m_opacitySlider, &QSlider::valueChanged, m_settings,
            [this](int value) { m_settings->setFillOpacity(value / 100.0); });
    connect(m_settings, &DisplaySettings::overlayChanged, this, [this] {
        const QSignalBlocker blocker(m_opacitySlider);
        m_opacitySlider->setValue(static_cast<int>(std::lround(m_settings->fillOpacity() * 100.0)));
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
    m_threeViewsAction->setEnabled(canShowThreeViews());
}

bool ViewerWidget::canShowThreeViews() const
{
    const auto& volume = m_view->volume();
    if (!volume || volume->frameKind == image::FrameKind::Temporal)
        return false;
    const auto& size = volume->geometry().size;
    return size[0] > 1 && size[1] > 1 && size[2] > 1;
}

bool ViewerWidget::threeViews() const
{
    return m_threeViewsAction->isChecked();
}

void ViewerWidget::setThreeViews(bool on)
{
    if (m_threeViewsAction->isChecked() != on) {
        m_threeViewsAction->setChecked(on); // comes back here through toggled
        return;
    }
    QSettings().setValue(QStringLiteral("viewer/threeViews"), on);
    syncSideViews();
}

// The side views show the two planes the main view does not, through the cursor point.
void ViewerWidget::syncSideViews()
{
    const bool shown = threeViews() && canShowThreeViews();
    m_sidePanel->setVisible(shown);
    m_view->setCrosshair(shown ? std::optional<image::Vec3>(m_cursor) : std::nullopt);
    if (!shown)
        return;
    std::vector<ViewPlane> others;
    for (ViewPlane plane : {ViewPlane::Axial, ViewPlane::Coronal, ViewPlane::Sagittal})
        if (plane != m_view->plane())
            others.push_back(plane);
    for (std::size_t n = 0; n < m_sideViews.size(); ++n) {
        SliceView* side = m_sideViews[n];
        const QSignalBlocker blocker(side); // these moves follow the cursor point, they do not move it
        if (side->plane() != others[n])
            side->setPlane(others[n]);
        side->setSliceIndex(qint64(std::lround(m_cursor[std::size_t(side->viewTransform().normalAxis())])));
        side->setCrosshair(m_cursor);
    }
}

void ViewerWidget::movePoint(const image::Vec3& index)
{
    if (!m_view->volume())
        return;
    const auto& size = m_view->volume()->geometry().size;
    for (std::size_t a = 0; a < 3; ++a)
        m_cursor[a] = std::clamp(index[a], 0.0, double(size[a] - 1));
    m_view->setSliceIndex(qint64(std::lround(m_cursor[std::size_t(m_view->viewTransform().normalAxis())])));
    syncSideViews();
}

void ViewerWidget::labelsModified(const annotation::VoxelBox& region)
{
    m_view->labelsModified(region);
    for (SliceView* side : m_sideViews)
        side->labelsModified(region);
}

void ViewerWidget::setLabelPalette(const LabelPalette& palette)
{
    m_view->setLabelPalette(palette);
    for (SliceView* side : m_sideViews)
        side->setLabelPalette(palette);
}

void ViewerWidget::setVolume(std::shared_ptr<const image::Volume> volume)
{
    m_cine->pause();
    m_hounsfield = volume && WindowPreset::looksLikeHounsfield(*volume);
    if (volume)
        m_settings->resetFor(*volume);
    fillPresetCombo();
    for (SliceView* side : m_sideViews) {
        const QSignalBlocker blocker(side);
        side->setVolume(volume);
    }
    if (volume) {
        // The middle voxel of each axis: an index, so the division is an integer one on purpose.
        const auto& size = volume->geometry().size;
        const auto middleX = size[0] / 2, middleY = size[1] / 2, middleZ = size[2] / 2;
        m_cursor = {double(middleX), double(middleY), double(middleZ)};
    }
    m_view->setVolume(std::move(volume));
    syncSideViews();
    syncPlane();
    syncSlider();
    syncEnabled();
}

bool ViewerWidget::setLabels(std::shared_ptr<const image::LabelMap> labels, const LabelPalette& palette)
{
    setLabelPalette(palette);
    for (SliceView* side : m_sideViews)
        side->setLabels(labels);
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
