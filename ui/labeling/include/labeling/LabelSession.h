#pragma once
// The labels of the open study: the label map, its edit history (the one path for every edit), the
// label table and the active label. Presenters and tools edit through it; views listen to its signals.
// GUI thread only.

#include "annotation/KeptVoxels.h"
#include "annotation/LabelEditHistory.h"
#include "annotation/PaintRule.h"
#include "annotation/VoxelBox.h"
#include "base/Result.h"
#include "image/LabelMap.h"
#include "image/Slice.h"
#include "labels/LabelTable.h"
#include "viewer/LabelPalette.h"

#include <QObject>
#include <QString>

#include <memory>

namespace delineate::ui {

class LabelSession : public QObject {
    Q_OBJECT

public:
    using Value = image::LabelMap::Value;

    explicit LabelSession(QObject* parent = nullptr);
    ~LabelSession() override;

    // Takes over `labels` and `table` (an empty table gets one label, "Label 1"); forgets the history.
    // `saved` false: the labels are not saved anywhere yet (recovered from an autosave), so the session
    // starts modified.
    void reset(image::LabelMap labels, labels::LabelTable table, bool saved = true);
    void clear();
    [[nodiscard]] bool isOpen() const { return m_history != nullptr; }

    // Shared with the views (read-only there); the same object for the life of the session.
    [[nodiscard]] std::shared_ptr<const image::LabelMap> labels() const { return m_labels; }
    [[nodiscard]] annotation::LabelEditHistory* history() const { return m_history.get(); }
    [[nodiscard]] const labels::LabelTable& table() const { return m_table; }
    [[nodiscard]] LabelPalette palette() const { return LabelPalette::fromTable(m_table); }

    [[nodiscard]] Value activeLabel() const { return m_active; }
    void setActiveLabel(Value value); // must be in the table
    // The rule tools paint with: active label, locked labels, overwrite flag.
    [[nodiscard]] annotation::PaintRule paintRule(bool overwriteOtherLabels = false) const;

    // Table edits (not part of the voxel history).
    Value addLabel(const QString& name = {});
    bool renameLabel(Value value, const QString& name);
    bool recolourLabel(Value value, const labels::Rgb& colour);
    bool setLabelVisible(Value value, bool visible);
    bool setLabelLocked(Value value, bool locked);
    // Reads a colour table of any format labels/ColourTableFile.h knows (detected by content): names
    // and colours replace the table (values in the label map but not in the file keep "Label N"); an
    // MRIcron LUT (colours only) recolours the labels. CorruptData when it lists no label.
    [[nodiscard]] Result<void> importColourTable(const QString& path);
    // Writes the label table as an ITK-SNAP label description file.
    [[nodiscard]] Result<void> exportItkSnap(const QString& path) const;

    // Writes `mask` (slice-plane pixels, non-zero = inside) of slices into the active label as one undo
    // step named `name`, following the paint rule. Returns the changed region. Voxels of other labels
    // that the rule protects are reported through reportKept().
    annotation::VoxelBox
    applyMasks(const std::string& name, image::SliceAxis axis,
               const std::vector<std::pair<std::int64_t, image::Image2D<std::uint8_t>>>& masks,
               bool overwriteOtherLabels = false);

    // The same with replace semantics (a propagated proposal): on each slice the mask becomes the active
    // label (following the paint rule) and the active label's other pixels there become background.
    annotation::VoxelBox
    replaceSlices(const std::string& name, image::SliceAxis axis,
                  const std::vector<std::pair<std::int64_t, image::Image2D<std::uint8_t>>>& masks,
                  bool overwriteOtherLabels = false);

    // Says in keptVoxels() how many voxels an edit left to each protected label ("312 voxels kept for
    // Brain"); nothing when none were kept.
    void reportKept(const annotation::KeptVoxels& kept);
    // A tool changed `region` through history(): tell the views.
    void notifyEdited(const annotation::VoxelBox& region);
    void undo();
    void redo();
    [[nodiscard]] bool modified() const;
    void markSaved();
    // The labels shown are not saved anywhere yet (recovered from an autosave).
    void markUnsaved();

Q_SIGNALS:
    void labelsChanged(const delineate::annotation::VoxelBox& region);
    void labelsReplaced();
    void tableChanged();
    // renameLabel() changed a label's name; emitted before tableChanged, so that what is keyed by the name
    // (the project's adapter of the label) follows before the table's listeners look it up.
    void labelRenamed(quint16 value, const QString& from, const QString& to);
    void activeLabelChanged(quint16 value);
    void historyChanged();
    // An edit kept voxels of other labels: a sentence for the status bar.
    void keptVoxels(const QString& text);

private:
    void tableEdited();
    annotation::VoxelBox
    writeMasks(const std::string& name, image::SliceAxis axis,
               const std::vector<std::pair<std::int64_t, image::Image2D<std::uint8_t>>>& masks,
               bool overwriteOtherLabels, bool replace);

    std::shared_ptr<image::LabelMap> m_labels;
    std::unique_ptr<annotation::LabelEditHistory> m_history;
    labels::LabelTable m_table;
    Value m_active = 0;
};

} // namespace delineate::ui
