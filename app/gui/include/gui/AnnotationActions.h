#pragma once
// The Edit and SAM menu actions and their state: Undo / Redo named after the history's steps
// (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y), accept (Enter) / reject (Esc) the SAM proposal, prompt-free
// suggestions for the slice (A), all slices (Shift+A) or a slice range (start mark [, end mark ],
// suggest Shift+R; a missing mark is the shown slice) and their cancellation, marking the shown
// slice reviewed (M), and the slice operations of the Labels menu on the active label of the shown
// slice: fill holes (H), keep the largest component (K), smooth (G), interpolate between the nearest
// labelled slices around the shown one (I). Each is one undo step through the label session's history.

#include <QList>
#include <QObject>

#include <cstdint>
#include <utility>

class QAction;
class QMenu;

namespace delineate::ui {
class LabelSession;
class SamAssistant;
class SliceView;
} // namespace delineate::ui

namespace delineate::app {

class ProjectController;

class AnnotationActions : public QObject {
    Q_OBJECT

public:
    AnnotationActions(ui::LabelSession* session, ui::SamAssistant* assistant, ProjectController* project,
                      ui::SliceView* view, QObject* parent = nullptr);

    void fillEditMenu(QMenu* menu) const;
    void fillSamMenu(QMenu* menu) const;
    void fillLabelsMenu(QMenu* menu) const;
    [[nodiscard]] QList<QAction*> all() const;

    [[nodiscard]] QAction* undoAction() const { return m_undo; }
    [[nodiscard]] QAction* redoAction() const { return m_redo; }
    [[nodiscard]] QAction* acceptAction() const { return m_accept; }
    [[nodiscard]] QAction* rejectAction() const { return m_reject; }
    [[nodiscard]] QAction* reviewedAction() const { return m_reviewed; }
    [[nodiscard]] QAction* rangeStartAction() const { return m_rangeStart; }
    [[nodiscard]] QAction* rangeEndAction() const { return m_rangeEnd; }
    [[nodiscard]] QAction* suggestRangeAction() const { return m_suggestRange; }
    // The slice range marked with [ and ] on plane `axis` (0..2): first and last, -1 where not set.
    [[nodiscard]] std::pair<std::int64_t, std::int64_t> rangeMarks(int axis) const
    {
        return axis == m_rangeAxis ? std::pair{m_rangeFirst, m_rangeLast}
                                   : std::pair<std::int64_t, std::int64_t>{-1, -1};
    }
    [[nodiscard]] QAction* fillHolesAction() const { return m_fillHoles; }
    [[nodiscard]] QAction* keepLargestAction() const { return m_keepLargest; }
    [[nodiscard]] QAction* smoothAction() const { return m_smooth; }
    [[nodiscard]] QAction* interpolateAction() const { return m_interpolate; }

Q_SIGNALS:
    void message(const QString& text);

public Q_SLOTS:
    void syncHistory();
    void syncReviewed();

private:
    QAction* make(const QString& text, const QList<QKeySequence>& shortcuts);
    enum class SliceOperation { FillHoles, KeepLargest, Smooth, Interpolate };
    // Runs `operation` on the shown slice through the history; false when nothing changed.
    bool runSliceOperation(SliceOperation operation);
    void setRangeMark(bool start);
    void suggestRange();

    ui::LabelSession* m_session;
    ui::SamAssistant* m_assistant;
    ProjectController* m_project;
    ui::SliceView* m_view;
    QAction* m_undo;
    QAction* m_redo;
    QAction* m_accept;
    QAction* m_reject;
    QAction* m_suggest;
    QAction* m_suggestAll;
    QAction* m_rangeStart;
    QAction* m_rangeEnd;
    QAction* m_suggestRange;
    // Slice-range marks of one plane (axis index 0..2; -1 = none); cleared when the plane changes.
    int m_rangeAxis = -1;
    std::int64_t m_rangeFirst = -1;
    std::int64_t m_rangeLast = -1;
    QAction* m_cancelBatch;
    QAction* m_reviewed;
    QAction* m_fillHoles;
    QAction* m_keepLargest;
    QAction* m_smooth;
    QAction* m_interpolate;
};

} // namespace delineate::app
