#include "project/ProvenanceHistory.h"

namespace delineate::project {

ProvenanceHistory::Move ProvenanceHistory::moved(ProvenanceLog& log, std::uint64_t undoId,
                                                 std::uint64_t redoId)
{
    Move move = Move::None;
    if (undoId == m_undoId && redoId == m_redoId) {
        move = Move::None;
    } else if (m_undoId != 0 && redoId == m_undoId) {
        apply(log, m_undoId, true); // the step that was last applied is now the one to redo
        move = Move::Undone;
    } else if (m_redoId != 0 && undoId == m_redoId) {
        apply(log, m_redoId, false);
        move = Move::Redone;
    } else if (undoId != 0 && undoId != m_undoId) {
        move = Move::NewStep;
    }
    m_undoId = undoId;
    m_redoId = redoId;
    return move;
}

void ProvenanceHistory::record(ProvenanceLog& log, std::uint64_t step, int axis, std::uint16_t label,
                               std::int64_t slice, SliceProvenance provenance)
{
    if (step != 0) {
        const ProvenanceLog::Key key{axis, label, slice};
        auto [changes, added] = m_changes.try_emplace(step);
        if (added) {
            m_order.push_back(step);
            if (m_order.size() > kMaximumSteps) {
                m_changes.erase(m_order.front());
                m_order.pop_front();
            }
        }
        auto& change = changes->second[key];
        if (change.second == std::nullopt && change.first == std::nullopt) {
            if (const SliceProvenance* before = log.find(axis, label, slice))
                change.first = *before;
        }
        change.second = provenance;
    }
    log.record(axis, label, slice, std::move(provenance));
}

void ProvenanceHistory::apply(ProvenanceLog& log, std::uint64_t step, bool undo) const
{
    const auto changes = m_changes.find(step);
    if (changes == m_changes.end())
        return;
    for (const auto& [key, change] : changes->second) {
        const auto& [axis, label, slice] = key;
        const std::optional<SliceProvenance>& wanted = undo ? change.first : change.second;
        if (wanted)
            log.record(axis, label, slice, *wanted);
        else
            log.forget(axis, label, slice);
    }
}

void ProvenanceHistory::clear()
{
    m_changes.clear();
    m_order.clear();
    m_undoId = 0;
    m_redoId = 0;
}

} // namespace delineate::project
