#pragma once
// Confidence-guided review and the provenance of the shown study's labels (issue 15.3, 15.4):
//   - records where each label's voxels on each slice came from, through its ProvenanceRecorder (SAM
//     suggestions as accepted, edits by hand, reviewed marks, imports);
//   - fills the slice strip beside the slice slider for the active label on the shown plane (reviewed /
//     suggested / low confidence / labelled / empty) and its tooltips (the slice's provenance);
//   - N shows the least-confident unreviewed slice of the active label, pressed again the next one in
//     that order (Shift+N the previous one). The order: proposed or labelled, unreviewed slices by SAM's
//     predicted IoU (a pending proposal's, else the recorded one), lowest first; slices without a
//     confidence (edited by hand) last, in slice order.
// The log itself lives in the project session (core/project), which saves it beside the label map, in
// autosaves and recovery copies, and brings it back with the study.

#include "image/Slice.h"
#include "project/ProvenanceLog.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

class QAction;
class QMenu;
class QTimer;

namespace delineate::ui {
class LabelSession;
class SamAssistant;
class SliceView;
class ViewerWidget;
struct SuggestionSlice;
} // namespace delineate::ui

namespace delineate::app {

class AnnotationActions;
class ConfidenceRecompute;
class ProjectController;
class ProvenanceRecorder;

class ReviewController : public QObject {
    Q_OBJECT

public:
    // `model` gives the checkpoint and adapter paths of the model now loaded ("" adapter: base model).
    ReviewController(ui::LabelSession* session, ui::SamAssistant* assistant, ProjectController* project,
                     AnnotationActions* annotation, ui::ViewerWidget* viewer,
                     std::function<std::pair<QString, QString>()> model, QObject* parent = nullptr);

    void fillSamMenu(QMenu* menu) const;
    [[nodiscard]] QList<QAction*> all() const;
    [[nodiscard]] QAction* nextAction() const { return m_next; }
    [[nodiscard]] QAction* previousAction() const { return m_previous; }

    // Confidences recomputed with the model now loaded (after a retrain) replace the recorded ones; while
    // they are being recomputed the strip shows them stale. Not owned; may be null.
    void setRecompute(ConfidenceRecompute* recompute);
    [[nodiscard]] ConfidenceRecompute* recompute() const { return m_recompute; }

    // SAM's predicted IoU below this marks a slice low-confidence (default 0.7).
    void setLowConfidence(double threshold);
    [[nodiscard]] double lowConfidence() const { return m_lowConfidence; }

    // The shown study's log (kept by the project session: saved, autosaved and exported with it).
    [[nodiscard]] const project::ProvenanceLog& log() const;
    // The order N visits the slices of the active label on the shown plane.
    [[nodiscard]] std::vector<std::int64_t> reviewOrder() const;
    // The tooltip text of a slice of the shown plane for the active label.
    [[nodiscard]] QString describe(std::int64_t slice) const;
    // Several lines: every label's recorded slices per plane, for Study Information.
    [[nodiscard]] QString summary() const;

    // Records an accepted suggestion of `source` ("click", "everything", ...; see ProvenanceLog) on
    // `slices` of plane `axis` for `label`, with the model now loaded.
    void record(const std::string& source, quint16 label, int axis,
                const std::vector<ui::SuggestionSlice>& slices);

public Q_SLOTS:
    // A label map was imported into the session (its history is new): every label on every slice of the
    // shown plane that holds it gets source "import"; earlier records go (reviewed marks stay).
    void labelsImported();
    bool showNext();
    bool showPrevious();
    void refresh();

Q_SIGNALS:
    // The log changed (a new record, a reviewed mark): autosave / save picks it up.
    void logChanged();
    void message(const QString& text);

private:
    void scheduleRefresh();
    bool step(int direction);
    [[nodiscard]] int axis() const;
    [[nodiscard]] std::optional<double> confidence(std::int64_t slice) const;

    ui::LabelSession* m_session;
    ui::SamAssistant* m_assistant;
    ProjectController* m_project;
    AnnotationActions* m_annotation;
    ui::ViewerWidget* m_viewer;
    ui::SliceView* m_view;
    ProvenanceRecorder* m_recorder;
    ConfidenceRecompute* m_recompute = nullptr;
    double m_lowConfidence = 0.7;
    QTimer* m_refresh;
    QAction* m_next;
    QAction* m_previous;
};

} // namespace delineate::app
