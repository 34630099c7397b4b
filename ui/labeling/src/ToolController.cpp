#include "labeling/ToolController.h"

#include "labeling/LabelSession.h"
#include "labeling/ToolSettings.h"
#include "tools/NavigateTool.h"
#include "tools/PaintTool.h"
#include "tools/PolygonTool.h"
#include "tools/SamBoxTool.h"
#include "tools/SamPointTool.h"
#include "viewer/SliceView.h"

#include <QAction>
#include <QActionGroup>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolBar>

namespace delineate::ui {

ToolController::ToolController(SliceView* view, LabelSession* session, SamPromptSink* sam, QObject* parent)
    : QObject(parent), m_view(view), m_session(session), m_settings(new ToolSettings(this)),
      m_group(new QActionGroup(this))
{
    addTool(std::make_unique<NavigateTool>(), tr("&Navigate"), QStringLiteral("V"));
    addTool(std::make_unique<PaintTool>(false), tr("&Brush"), QStringLiteral("B"));
    addTool(std::make_unique<PaintTool>(true), tr("&Eraser"), QStringLiteral("E"));
    addTool(std::make_unique<PolygonTool>(false), tr("&Polygon Fill"), QStringLiteral("Y"));
    addTool(std::make_unique<PolygonTool>(true), tr("Polygon E&rase"), QStringLiteral("Shift+P"));
    if (sam) {
        addTool(std::make_unique<SamPointTool>(*sam), tr("SAM &Point"), QStringLiteral("S"));
        addTool(std::make_unique<SamBoxTool>(*sam), tr("SAM Bo&x"), QStringLiteral("X"));
    }
    m_sphereAction = new QAction(tr("3D Brush"), this);
    m_sphereAction->setCheckable(true);
    m_sphereAction->setStatusTip(tr("Paint a sphere across neighbouring slices instead of a disc"));
    connect(m_sphereAction, &QAction::toggled, m_settings, &ToolSettings::setSphere);
    m_overwriteAction = new QAction(tr("Overwrite Other Labels"), this);
    m_overwriteAction->setObjectName(QStringLiteral("overwriteOtherLabels"));
    m_overwriteAction->setCheckable(true);
    m_overwriteAction->setToolTip(tr("Brush, polygon, SAM accept and propagation paint over other labels "
                                     "(locked labels stay protected)"));
    m_overwriteAction->setStatusTip(m_overwriteAction->toolTip());
    connect(m_overwriteAction, &QAction::toggled, m_settings, &ToolSettings::setOverwriteOtherLabels);
    connect(m_settings, &ToolSettings::changed, this, &ToolController::syncSettingsWidgets);

    m_view->setToolContextProvider([this] { return context(); });
    connect(m_view, &SliceView::gestureFinished, this, &ToolController::gestureFinished);
    setActiveTool(NavigateTool::kId);
}

bool ToolController::overwriteOtherLabels() const
{
    return m_settings->overwriteOtherLabels();
}

ToolController::~ToolController()
{
    if (!m_view)
        return;
    m_view->setTool(nullptr);
    m_view->setToolContextProvider({});
}

void ToolController::addTool(std::unique_ptr<SliceTool> tool, const QString& title, const QString& shortcut)
{
    const std::string id = tool->id();
    auto* action = new QAction(title, m_group);
    action->setCheckable(true);
    action->setShortcut(QKeySequence(shortcut));
    action->setData(QString::fromStdString(id));
    action->setToolTip(QStringLiteral("%1 (%2)").arg(QString(title).remove(QLatin1Char('&')), shortcut));
    connect(action, &QAction::toggled, this, [this, id](bool checked) {
        if (checked)
            setActiveTool(id);
    });
    m_actions[id] = action;
    m_tools[id] = std::move(tool);
}

QList<QAction*> ToolController::actions() const
{
    return m_group->actions();
}

void ToolController::setActiveTool(const std::string& id)
{
    const auto it = m_tools.find(id);
    if (it == m_tools.end() || id == m_active)
        return;
    m_active = id;
    if (m_view)
        m_view->setTool(it->second.get());
    m_actions[id]->setChecked(true); // re-enters here through toggled and returns (id == m_active)
    updateBrushOutline();
    Q_EMIT activeToolChanged(QString::fromStdString(id));
}

void ToolController::volumeChanged()
{
    const bool physical = !m_view || !m_view->volume() || m_view->volume()->geometry().physicalSpacing;
    if (physical == m_physicalSpacing)
        return;
    m_physicalSpacing = physical;
    syncSettingsWidgets();
}

void ToolController::gestureFinished()
{
    if (m_kept)
        m_session->reportKept(*m_kept);
    m_kept.reset();
}

void ToolController::updateBrushOutline()
{
    if (!m_view)
        return;
    const bool brush = m_active == PaintTool::kBrushId || m_active == PaintTool::kEraserId;
    m_view->setBrushOutline(brush ? m_settings->brushRadiusMm() : 0.0);
}

ToolContext ToolController::context() const
{
    ToolContext context;
    context.history = m_session->history();
    context.rule = m_session->paintRule(m_settings->overwriteOtherLabels());
    context.rule.kept = std::make_shared<annotation::KeptVoxels>();
    context.brush = m_settings->brush();
    m_kept = context.rule.kept; // the gesture's counter, read by gestureFinished()
    return context;
}

QToolBar* ToolController::createToolBar(QWidget* parent)
{
    auto* bar = new QToolBar(tr("Tools"), parent);
    bar->setObjectName(QStringLiteral("toolsToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addActions(m_group->actions());
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Radius "), bar));
    m_radiusBox = new QDoubleSpinBox(bar);
    m_radiusBox->setRange(ToolSettings::kMinimumRadiusMm, ToolSettings::kMaximumRadiusMm);
    m_radiusBox->setSingleStep(0.5);
    m_radiusBox->setFocusPolicy(Qt::ClickFocus);
    bar->addWidget(m_radiusBox);
    connect(m_radiusBox, &QDoubleSpinBox::valueChanged, m_settings, &ToolSettings::setBrushRadiusMm);
    bar->addAction(m_sphereAction);
    bar->addAction(m_overwriteAction);
    syncSettingsWidgets();
    return bar;
}

void ToolController::syncSettingsWidgets()
{
    if (m_radiusBox) {
        const QSignalBlocker blocker(m_radiusBox);
        m_radiusBox->setValue(m_settings->brushRadiusMm());
        m_radiusBox->setSuffix(m_physicalSpacing ? tr(" mm") : tr(" px"));
        m_radiusBox->setToolTip(m_physicalSpacing ? tr("Brush radius in millimetres")
                                                  : tr("Brush radius in pixels (the image has no physical "
                                                       "pixel size)"));
    }
    {
        const QSignalBlocker blocker(m_sphereAction);
        m_sphereAction->setChecked(m_settings->sphere());
    }
    const QSignalBlocker blocker(m_overwriteAction);
    m_overwriteAction->setChecked(m_settings->overwriteOtherLabels());
    updateBrushOutline();
}

} // namespace delineate::ui
