#pragma once
// Records where the shown study's label voxels came from, per label and slice (issue 15.4), into the log the
// project session keeps (project::ProvenanceLog, saved beside the label map, in autosaves and recovery
// copies):
//   - SAM suggestions as they are accepted (click, box, prompt-free, propagation; with SAM's predicted IoU
//   and
//     stability, the model and the adapter), and those the app accepts itself (record(): "everything");
//   - edits by hand as they happen (brush, eraser, polygon, slice operations, interpolation), named after
//     their undo step;
//   - reviewed marks, kept equal to the project's reviewed slices;
//   - an imported label map (File > Open Label Map, DICOM SEG import): "import" on every slice of the shown
//     plane holding a label, replacing earlier records (reviewed marks stay).
// Undo and redo bring the log back with the labels (project::ProvenanceHistory: undoing an accepted
// propagation removes its records, redo restores them).
// ReviewController shows what is recorded (slice strip, tooltips, N); this class only writes it.

#include "annotation/VoxelBox.h"
#include "image/LabelMap.h"
#include "image/Slice.h"
#include "project/ProvenanceHistory.h"
#include "project/ProvenanceLog.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace delineate::ui {
class LabelSession;
class SamAssistant;
class SliceView;
enum class SuggestionSource;
struct SuggestionSlice;
} // namespace delineate::ui

namespace delineate::app {

class ProjectController;

// Per slice along `axis`: whether `labels` holds `value` there.
[[nodiscard]] std::vector<bool> slicesHolding(const image::LabelMap& labels, image::SliceAxis axis,
                                              image::LabelMap::Value value);

class ProvenanceRecorder : public QObject {
    Q_OBJECT

public:
    // `model` gives the checkpoint and adapter paths of the model now loaded ("" adapter: base model).
    ProvenanceRecorder(ui::LabelSession* session, ui::SamAssistant* assistant, ProjectController* project,
                       ui::SliceView* view, std::function<std::pair<QString, QString>()> model,
                       QObject* parent = nullptr);

    // The shown study's log (kept by the project session).
    [[nodiscard]] const project::ProvenanceLog& log() const;

    // Records an accepted suggestion of `source` ("click", "everything", ...; see ProvenanceLog) on
    // `slices` of plane `axis` for `label`, with the model now loaded.
    void record(const std::string& source, quint16 label, int axis,
                const std::vector<ui::SuggestionSlice>& slices);

public Q_SLOTS:
    // A label map was imported into the session (its history is new): every label on every slice of the
    // shown plane that holds it gets source "import"; earlier records go (reviewed marks stay).
    void labelsImported();

Q_SIGNALS:
    // The log changed (a new record, a reviewed mark, undo / redo): autosave / save picks it up.
    void logChanged();
    // Something the slice strip shows may have changed (the log, or the labels themselves).
    void changed();

private:
    void accepted(ui::SuggestionSource source, quint16 label, int axis,
                  const std::vector<ui::SuggestionSlice>& slices);
    void edited(const annotation::VoxelBox& region);
    void syncReviewed();
    void write(int axis, std::uint16_t label, std::int64_t slice, project::SliceProvenance provenance);
    [[nodiscard]] project::ProvenanceLog& editLog();

    ui::LabelSession* m_session;
    ui::SamAssistant* m_assistant;
    ProjectController* m_project;
    ui::SliceView* m_view;
    std::function<std::pair<QString, QString>()> m_model;
    project::ProvenanceHistory m_follow; // the log's part of undo / redo
};

} // namespace delineate::app
