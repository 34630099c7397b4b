#pragma once
// Keeps a ProvenanceLog in step with the label edit history's undo and redo: every record written on
// behalf of a label edit step is remembered with the record it replaced; undoing the step puts the old
// records back (or removes the new ones), redoing it writes them again. So undoing an accepted
// propagation removes its provenance records and redo restores them.
//
// Steps are named by the ids annotation::LabelEditHistory gives them (undoStepId / redoStepId: unique
// in a history's life); moved() is told the ids after every change of the labels and works out whether
// it was an undo, a redo or a new edit. Reviewed marks are not part of the edit history and stay.
// Bounded: changes of steps older than the last kMaximumSteps are forgotten (their undo no longer
// changes the log). Plain C++; tests/project/tst_provenance_history.

#include "project/ProvenanceLog.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <utility>

namespace delineate::project {

class ProvenanceHistory {
public:
    static constexpr std::size_t kMaximumSteps = 1000;

    enum class Move { None, NewStep, Undone, Redone };

    // The label history changed: `undoId` / `redoId` are the ids of the steps undo / redo would touch
    // now (0: none). Applies the undo or redo of a known step to `log`; NewStep when `undoId` is a step
    // not seen before (the caller records the edit's provenance with record()).
    Move moved(ProvenanceLog& log, std::uint64_t undoId, std::uint64_t redoId);
    // Writes `provenance` into `log` on behalf of step `step` (the step undo would revert now).
    void record(ProvenanceLog& log, std::uint64_t step, int axis, std::uint16_t label, std::int64_t slice,
                SliceProvenance provenance);
    // A new label map (another study, a reload): the old steps mean nothing any more.
    void clear();

private:
    using Change = std::pair<std::optional<SliceProvenance>, std::optional<SliceProvenance>>; // before, after
    void apply(ProvenanceLog& log, std::uint64_t step, bool undo) const;

    std::map<std::uint64_t, std::map<ProvenanceLog::Key, Change>> m_changes;
    std::deque<std::uint64_t> m_order; // step ids with changes, oldest first
    std::uint64_t m_undoId = 0;
    std::uint64_t m_redoId = 0;
};

} // namespace delineate::project
