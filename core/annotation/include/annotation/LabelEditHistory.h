#pragma once
// The one path every label edit goes through: begin(name) → modify → end().
//
//   history.begin("Brush");
//   history.touch(box);               // the region the tool may change (several calls unite)
//   ... write into history.labels() inside the touched region ...
//   history.end();                    // records a compressed delta; nothing if no voxel changed
//
// The history keeps a shadow copy of the last committed state. end() diffs only the touched region
// against it and stores the XOR of old and new values, run-length encoded over the changed bounding box,
// so a brush stroke on a 512³ volume costs a few kilobytes. undo()/redo() apply the same delta. The sum
// of stored deltas is bounded by a memory budget: the oldest steps are dropped first. "Modified since
// save" derives from the position in the history, so undoing back to the saved state clears it.
// Not thread-safe: owned by the thread that edits the label map (the GUI thread).

#include "annotation/VoxelBox.h"
#include "image/LabelMap.h"

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

namespace delineate::annotation {

class LabelEditHistory {
public:
    static constexpr std::size_t kDefaultBudgetBytes = std::size_t(256) << 20;

    explicit LabelEditHistory(image::LabelMap& labels, std::size_t budgetBytes = kDefaultBudgetBytes);

    image::LabelMap& labels() { return m_labels; }
    [[nodiscard]] const image::LabelMap& labels() const { return m_labels; }

    // Starts an edit. Nested begin() calls are not allowed (returns false).
    bool begin(std::string name);
    // Declares a region the current edit may modify (clipped to the grid).
    void touch(const VoxelBox& box);
    void touchAll();
    // Commits the current edit. Returns the changed region (empty when nothing changed).
    VoxelBox end();
    // Abandons the current edit, restoring the touched region.
    void cancel();
    [[nodiscard]] bool editing() const { return m_editing; }

    [[nodiscard]] bool canUndo() const { return m_position > 0; }
    [[nodiscard]] bool canRedo() const { return m_position < m_steps.size(); }
    [[nodiscard]] std::string undoName() const;
    [[nodiscard]] std::string redoName() const;
    // Ids of the steps undo() would revert and redo() would re-apply (0: none). Each committed step gets
    // a new id, never reused in the history's life, so an observer tells an undo, a redo and a new edit
    // apart (the provenance log follows undo and redo this way).
    [[nodiscard]] std::uint64_t undoStepId() const { return canUndo() ? m_steps[m_position - 1].id : 0; }
    [[nodiscard]] std::uint64_t redoStepId() const { return canRedo() ? m_steps[m_position].id : 0; }
    // Return the region that changed (empty when there was nothing to do).
    VoxelBox undo();
    VoxelBox redo();

    [[nodiscard]] bool modifiedSinceSave() const;
    void markSaved();
    // No state of the history is saved (e.g. the labels were recovered from an autosave).
    void markUnsaved() { m_savedPosition = -1; }
    // Replaces the whole label map (e.g. loaded from disk) and forgets the history.
    void reset();

    [[nodiscard]] std::size_t memoryUsed() const { return m_memoryUsed; }
    [[nodiscard]] std::size_t stepCount() const { return m_steps.size(); }

private:
    struct Run {
        std::uint32_t length;
        image::LabelMap::Value xorValue;
    };
    struct Step {
        std::string name;
        std::uint64_t id = 0;
        VoxelBox box;
        std::vector<Run> runs; // XOR(old, new) over `box`, i fastest
        [[nodiscard]] std::size_t bytes() const
        {
            return runs.size() * sizeof(Run) + name.size() + sizeof(Step);
        }
    };

    VoxelBox changedBox(const VoxelBox& region) const;
    Step encode(const VoxelBox& box) const;
    void apply(const Step& step);
    void copyRegion(const VoxelBox& box, const image::LabelMap& from, image::LabelMap& to) const;
    void enforceBudget();

    image::LabelMap& m_labels;
    image::LabelMap m_shadow; // last committed state
    std::deque<Step> m_steps;
    std::size_t m_position = 0; // steps [0, m_position) are applied
    std::uint64_t m_nextStepId = 1;
    std::size_t m_budget;
    std::size_t m_memoryUsed = 0;
    std::ptrdiff_t m_savedPosition = 0; // -1: the saved state was dropped from the history
    bool m_editing = false;
    std::string m_currentName;
    VoxelBox m_touched;
};

} // namespace delineate::annotation
