#pragma once
// Owns the slice-view tools and their actions (one exclusive group, single-key shortcuts), gives the
// view the active tool and, for each gesture, a ToolContext built from the label session and the tool
// settings. Also the tool bar: tools, brush radius (mm) and 2D/3D, bound to ToolSettings.

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

Q_SIGNALS:
    void activeToolChanged(const QString& id);

private:
    void addTool(std::unique_ptr<SliceTool> tool, const QString& title, const QString& shortcut);
    [[nodiscard]] ToolContext context() const;
    void syncSettingsWidgets();

    QPointer<SliceView> m_view; // may go before this controller when a window is torn down
    LabelSession* m_session;
    ToolSettings* m_settings;
    QActionGroup* m_group;
    std::map<std::string, std::unique_ptr<SliceTool>> m_tools;
    std::map<std::string, QAction*> m_actions;
    std::string m_active;
    QAction* m_sphereAction = nullptr;
    QDoubleSpinBox* m_radiusBox = nullptr;
};

} // namespace delineate::ui
