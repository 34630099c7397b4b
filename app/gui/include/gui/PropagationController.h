#pragma once
// SAM > Propagate and its companions: P propagates the active label from the shown slice in both
// directions along the shown plane (within the [ ] range when one is marked on this plane). The shown
// slice becomes an anchor of the label: anchors of earlier propagations of the label on this plane that
// still hold it stay anchors, so correcting a propagated slice and pressing P again re-propagates from
// the corrected slice while the fronts stop at the other anchors. Reviewed slices are never proposed.
// Another label's voxels stay unless the tool bar's "overwrite other labels" is on.
// The run happens on the model thread (SamAssistant::propagate); the proposal over all slices it
// reached is accepted with Enter (one undo step), slice by slice with Shift+Enter / Shift+Del.
// "Re-propagate with the New Adapter" runs the last propagation again (after Retrain).

#include "image/Slice.h"
#include "propagation/PropagationRequest.h"

#include <QObject>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>

class QAction;
class QMenu;

namespace delineate::ui {
class LabelSession;
class SamAssistant;
class SliceView;
class ToolController;
} // namespace delineate::ui

namespace delineate::app {

class AnnotationActions;
class ProjectController;

class PropagationController : public QObject {
    Q_OBJECT

public:
    PropagationController(ui::LabelSession* session, ui::SamAssistant* assistant, ProjectController* project,
                          AnnotationActions* annotation, ui::ToolController* tools, ui::SliceView* view,
                          QObject* parent = nullptr);

    void fillSamMenu(QMenu* menu) const;
    [[nodiscard]] QList<QAction*> all() const;
    [[nodiscard]] QAction* propagateAction() const { return m_propagate; }
    [[nodiscard]] QAction* acceptSliceAction() const { return m_acceptSlice; }
    [[nodiscard]] QAction* rejectSliceAction() const { return m_rejectSlice; }
    [[nodiscard]] QAction* cancelAction() const { return m_cancel; }
    [[nodiscard]] QAction* repropagateAction() const { return m_repropagate; }

    // Projection, thresholds and margins of every propagation (axis, label, anchors, reviewed slices,
    // range and overwriting are filled in from the window when P is pressed).
    [[nodiscard]] const propagation::PropagationRequest& defaults() const { return m_defaults; }
    void setDefaults(const propagation::PropagationRequest& defaults) { m_defaults = defaults; }

    // The request P would send now (none, with a message, when the shown slice lacks the label).
    [[nodiscard]] std::optional<propagation::PropagationRequest> requestHere();
    // Anchors of `label` on plane `axis` (0..2) so far.
    [[nodiscard]] std::set<std::int64_t> anchors(int axis, std::uint16_t label) const;

public Q_SLOTS:
    bool propagate();
    // Runs the last propagation again with the model now loaded (e.g. the new adapter).
    bool repropagate();
    // The study changed: anchors and the last propagation belong to the old one.
    void forget();

Q_SIGNALS:
    void message(const QString& text);

private:
    QAction* make(const QString& text, const QList<QKeySequence>& shortcuts);
    void keepAnchorsHoldingLabel(propagation::PropagationRequest& request) const;
    void syncActions();

    ui::LabelSession* m_session;
    ui::SamAssistant* m_assistant;
    ProjectController* m_project;
    AnnotationActions* m_annotation;
    ui::ToolController* m_tools;
    ui::SliceView* m_view;
    QAction* m_propagate;
    QAction* m_acceptSlice;
    QAction* m_rejectSlice;
    QAction* m_cancel;
    QAction* m_repropagate;
    std::map<std::pair<int, std::uint16_t>, std::set<std::int64_t>> m_anchors; // (axis, label) -> slices
    std::optional<propagation::PropagationRequest> m_last;
    propagation::PropagationRequest m_defaults;
};

} // namespace delineate::app
