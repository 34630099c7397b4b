#pragma once
// The viewer as the main window shows it: a SliceView with its slice slider and a tool bar for the
// plane, the window preset, the label overlay and cine playback. Owns the DisplaySettings and the
// actions (a main window puts the same actions in its View menu).

#include "image/LabelMap.h"
#include "image/Volume.h"
#include "viewer/CursorReadout.h"
#include "viewer/LabelPalette.h"
#include "viewer/ViewPlane.h"

#include <QWidget>

#include <memory>

class QAction;
class QActionGroup;
class QComboBox;
class QSlider;
class QToolBar;

namespace delineate::ui {

class CinePlayer;
class DisplaySettings;
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
    [[nodiscard]] DisplaySettings* displaySettings() const { return m_settings; }
    [[nodiscard]] CinePlayer* cinePlayer() const { return m_cine; }
    // Planes | fit, smoothing | labels, outlines | play, with separator actions between the groups: for a
    // View menu (QWidget::addActions).
    [[nodiscard]] QList<QAction*> viewActions() const;

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

    DisplaySettings* m_settings = nullptr;
    SliceView* m_view = nullptr;
    CinePlayer* m_cine = nullptr;
    QToolBar* m_toolBar = nullptr;
    QComboBox* m_presetCombo = nullptr;
    QSlider* m_opacitySlider = nullptr;
    QSlider* m_sliceSlider = nullptr;
    QActionGroup* m_planeGroup = nullptr;
    QAction* m_axialAction = nullptr;
    QAction* m_coronalAction = nullptr;
    QAction* m_sagittalAction = nullptr;
    QAction* m_resetViewAction = nullptr;
    QAction* m_labelsAction = nullptr;
    QAction* m_outlineAction = nullptr;
    QAction* m_playAction = nullptr;
    QAction* m_smoothAction = nullptr;
    QList<QAction*> m_viewActions;
    bool m_hounsfield = false;
};

} // namespace delineate::ui
