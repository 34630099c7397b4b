#pragma once
// The viewer as the main window shows it: a SliceView with its slice slider and a tool bar for the
// plane, the window preset, the label overlay and cine playback. Owns the DisplaySettings and the
// actions (a main window puts the same actions in its View menu).
//
// Three views (View > Three Views, Ctrl+3, remembered): beside the main view, the two other planes as
// locator views through one cursor point, each with dashed crosshair lines where the other views cut it.
// The main view's slice moves the cursor along its normal; a click or drag in a locator view moves the
// cursor there, and the main view and the other locator view follow. Editing stays in the main view;
// the locator views show the same labels, window and overlay settings.

#include "annotation/VoxelBox.h"
#include "image/LabelMap.h"
#include "image/Volume.h"
#include "viewer/CursorReadout.h"
#include "viewer/LabelPalette.h"
#include "viewer/ViewPlane.h"

#include <QWidget>

#include <array>
#include <memory>

class QAction;
class QActionGroup;
class QComboBox;
class QSlider;
class QToolBar;

namespace delineate::ui {

class CinePlayer;
class DisplaySettings;
class SliceStrip;
class SliceView;

class ViewerWidget : public QWidget {
    Q_OBJECT

public:
    explicit ViewerWidget(QWidget* parent = nullptr);

    // Shows `volume` with its default window (CT soft tissue, otherwise automatic); nullptr clears.
    void setVolume(std::shared_ptr<const image::Volume> volume);
    // Overlays `labels` coloured by `palette`; false when it does not lie on the volume's grid.
    bool setLabels(std::shared_ptr<const image::LabelMap> labels, const LabelPalette& palette = {});

    [[nodiscard]] SliceView* sliceView() const { return m_view; }
    // The strip of slice states beside the slice slider (filled by a presenter; a click shows the slice).
    [[nodiscard]] SliceStrip* sliceStrip() const { return m_sliceStrip; }
    // The two locator views of the three-view layout (hidden in the single-view layout).
    [[nodiscard]] std::array<SliceView*, 2> sideViews() const { return m_sideViews; }
    [[nodiscard]] bool threeViews() const;
    // The point the three views meet at (voxel index, continuous).
    [[nodiscard]] const image::Vec3& cursorPoint() const { return m_cursor; }
    // Labels changed in `region` / the palette changed: every view redraws what it shows of them.
    void labelsModified(const annotation::VoxelBox& region);
    void setLabelPalette(const LabelPalette& palette);
    [[nodiscard]] DisplaySettings* displaySettings() const { return m_settings; }
    [[nodiscard]] CinePlayer* cinePlayer() const { return m_cine; }
    // Planes | fit, smoothing | labels, outlines | play, with separator actions between the groups: for a
    // View menu (QWidget::addActions).
    [[nodiscard]] QList<QAction*> viewActions() const;

public Q_SLOTS:
    void setThreeViews(bool on);

Q_SIGNALS:
    void cursorMoved(const delineate::ui::CursorReadout& readout);

private:
    void createActions();
    void createToolBar();
    QAction* separator();
    void fillPresetCombo();
    void syncPreset();
    void syncPlane();
    void syncSlider();
    void syncEnabled();
    void syncSideViews();
    void movePoint(const image::Vec3& index);
    [[nodiscard]] bool canShowThreeViews() const;

    DisplaySettings* m_settings = nullptr;
    SliceView* m_view = nullptr;
    std::array<SliceView*, 2> m_sideViews{};
    QWidget* m_sidePanel = nullptr;
    image::Vec3 m_cursor{0, 0, 0};
    CinePlayer* m_cine = nullptr;
    QToolBar* m_toolBar = nullptr;
    QComboBox* m_presetCombo = nullptr;
    QSlider* m_opacitySlider = nullptr;
    QSlider* m_sliceSlider = nullptr;
    SliceStrip* m_sliceStrip = nullptr;
    QActionGroup* m_planeGroup = nullptr;
    QAction* m_axialAction = nullptr;
    QAction* m_coronalAction = nullptr;
    QAction* m_sagittalAction = nullptr;
    QAction* m_resetViewAction = nullptr;
    QAction* m_labelsAction = nullptr;
    QAction* m_outlineAction = nullptr;
    QAction* m_playAction = nullptr;
    QAction* m_smoothAction = nullptr;
    QAction* m_threeViewsAction = nullptr;
    QList<QAction*> m_viewActions;
    bool m_hounsfield = false;
};

} // namespace delineate::ui
