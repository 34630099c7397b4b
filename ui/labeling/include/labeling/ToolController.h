#pragma once
// Owns the slice-view tools and their actions (one exclusive group, single-key shortcuts), gives the
// view the active tool and, for each gesture, a ToolContext built from the label session and the tool
// settings. Also the tool bar: tools, brush radius (mm; pixels for images without physical spacing),
// 2D/3D and "Overwrite other labels", bound to ToolSettings.
//
// The active tool has one source of truth: the checked action of the exclusive tool group. Key, menu,
// tool bar button and setActiveTool() all check an action; the group unchecks the others and every
// widget showing the actions (menu, tool bar) follows their own toggled signal. setActiveTool() never
// blocks signals, so nothing can show a tool that is not the one the view uses.

#include "annotation/KeptVoxels.h"
#include "tools/SliceTool.h"

#include <QObject>
#include <QPointer>

#include <map>
#include <memory>
#include <string>

class QAction;
class QActionGroup;
class QDoubleSpinBox;
class QToolBar;

namespace delineate::ui {

class LabelSession;
class SamPromptSink;
class SliceView;
class ToolSettings;

class ToolController : public QObject {
    Q_OBJECT

public:
    ToolController(SliceView* view, LabelSession* session, SamPromptSink* sam, QObject* parent = nullptr);
    ~ToolController() override;

    [[nodiscard]] ToolSettings* settings() const { return m_settings; }
    // ToolSettings' "overwrite other labels" (for presenters outside ui/labeling).
    [[nodiscard]] bool overwriteOtherLabels() const;
    [[nodiscard]] QList<QAction*> actions() const;
    [[nodiscard]] QToolBar* createToolBar(QWidget* parent);

    // Tool ids: NavigateTool::kId, PaintTool::kBrushId, … Unknown ids are ignored.
    void setActiveTool(const std::string& id);
    [[nodiscard]] std::string activeTool() const { return m_active; }
    [[nodiscard]] QAction* overwriteAction() const { return m_overwriteAction; }

public Q_SLOTS:
    // The shown volume changed: the radius unit follows its spacing (mm or px).
    void volumeChanged();

Q_SIGNALS:
    void activeToolChanged(const QString& id);
    // A gesture kept voxels of other labels ("312 voxels kept for Brain").
    void message(const QString& text);

private:
    void addTool(std::unique_ptr<SliceTool> tool, const QString& title, const QString& shortcut);
    [[nodiscard]] ToolContext context() const;
    void syncSettingsWidgets();
    void gestureFinished();
    void updateBrushOutline();

    QPointer<SliceView> m_view; // may go before this controller when a window is torn down
    LabelSession* m_session;
    ToolSettings* m_settings;
    QActionGroup* m_group;
    std::map<std::string, std::unique_ptr<SliceTool>> m_tools;
    std::map<std::string, QAction*> m_actions;
    std::string m_active;
    QAction* m_sphereAction = nullptr;
    QAction* m_overwriteAction = nullptr;
    QDoubleSpinBox* m_radiusBox = nullptr;
    bool m_physicalSpacing = true;
    // Where the running gesture counts protected voxels (set by context(), read when it ends).
    mutable std::shared_ptr<annotation::KeptVoxels> m_kept;
};

} // namespace delineate::ui
