#pragma once
// SAM > Segment Everything on This Slice: core/automask's generator (segment-anything's automatic mask
// generator) runs on the model thread (SamService::segmentEverything, the thread that owns the model),
// with progress; its candidate masks are shown as outlines over the slice (ui::CandidateLayer: a colour
// each, the one under the cursor highlighted). A click on a candidate writes it into the active label
// through the label session's one edit path ("Segment everything", one undo step, following Overwrite
// Other Labels; locked labels stay) and removes it from the candidates; accepted() then gives its
// confidence for the provenance log (source "everything"). Esc (or the menu's Clear) cancels a running
// generation and removes the candidates; so do another study, a SAM proposal and a SAM batch
// (suggestions, propagation) starting. Candidates stay with their slice: shown whenever the view shows it.

#include "automask/AutomaticMaskGenerator.h"
#include "image/Slice.h"

#include <QObject>

#include <cstdint>
#include <vector>

class QAction;
class QMenu;

namespace delineate::ui {
class CandidateLayer;
class LabelSession;
class SamAssistant;
class SamService;
class SliceView;
class ToolSettings;
struct EverythingOutcome;
} // namespace delineate::ui

namespace delineate::app {

class EverythingController : public QObject {
    Q_OBJECT

public:
    EverythingController(ui::SamService* service, ui::SamAssistant* assistant, ui::LabelSession* session,
                         const ui::ToolSettings* settings, ui::SliceView* view, QObject* parent = nullptr);

    void fillSamMenu(QMenu* menu) const;
    [[nodiscard]] QList<QAction*> all() const;
    [[nodiscard]] QAction* segmentAction() const { return m_segment; }
    [[nodiscard]] QAction* clearAction() const { return m_clear; }
    [[nodiscard]] ui::CandidateLayer* layer() const { return m_layer; }

    // The generator's options (default: segment-anything's, 32 points per side).
    [[nodiscard]] const automask::AutomaticMaskOptions& options() const { return m_options; }
    void setOptions(const automask::AutomaticMaskOptions& options) { m_options = options; }

    [[nodiscard]] bool isRunning() const { return m_batchId != 0; }
    // The candidates shown, in the layer's order (index i is the layer's candidate i).
    [[nodiscard]] const std::vector<automask::AutomaticMask>& candidates() const { return m_candidates; }

public Q_SLOTS:
    // Starts the generator on the shown slice; false with a message when no study or model is there or
    // a SAM batch runs.
    bool segmentEverything();
    // Writes candidate `index` into the active label (one undo step); false when there is none.
    bool take(int index);
    // Cancels a running generation and removes the candidates.
    void clear();

Q_SIGNALS:
    void message(const QString& text);
    void runningChanged(bool running);
    void progress(int done, int total, double secondsRemaining);
    // A candidate went into `label` on `slice` of plane `axis` (0..2), with SAM's confidence in it.
    void accepted(quint16 label, int axis, std::int64_t slice, double predictedIou, double stability);

private:
    void finished(const ui::EverythingOutcome& outcome);
    void syncActions();

    ui::SamService* m_service;
    ui::SamAssistant* m_assistant;
    ui::LabelSession* m_session;
    const ui::ToolSettings* m_settings;
    ui::SliceView* m_view;
    ui::CandidateLayer* m_layer;
    QAction* m_segment;
    QAction* m_clear;
    automask::AutomaticMaskOptions m_options;
    std::uint64_t m_batchId = 0;
    std::vector<automask::AutomaticMask> m_candidates;
};

} // namespace delineate::app
