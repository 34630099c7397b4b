#include "annotation/LabelEditHistory.h"

namespace delineate::annotation {
namespace {

// Calls f(offset) for every voxel of `box`, i fastest.
template <typename F> void forEachVoxel(const image::LabelMap& map, const VoxelBox& box, F&& f)
{
    for (std::int64_t k = box.begin[2]; k < box.end[2]; ++k)
        for (std::int64_t j = box.begin[1]; j < box.end[1]; ++j) {
            std::size_t offset = map.offset(box.begin[0], j, k);
            for (std::int64_t i = box.begin[0]; i < box.end[0]; ++i)
                f(offset++);
        }
}

} // namespace

LabelEditHistory::LabelEditHistory(image::LabelMap& labels, std::size_t budgetBytes)
    : m_labels(labels), m_shadow(labels), m_budget(budgetBytes)
{
}

bool LabelEditHistory::begin(std::string name)
{
    if (m_editing)
        return false;
    m_editing = true;
    m_currentName = std::move(name);
    m_touched = {};
    return true;
}

void LabelEditHistory::touch(const VoxelBox& box)
{
    m_touched = m_touched.united(box.clippedTo(m_labels.geometry().size));
}

void LabelEditHistory::touchAll()
{
    m_touched = VoxelBox::whole(m_labels.geometry().size);
}

VoxelBox LabelEditHistory::changedBox(const VoxelBox& region) const
{
    VoxelBox changed;
    changed.begin = region.end;
    changed.end = region.begin;
    const auto* current = m_labels.data();
    const auto* committed = m_shadow.data();
    for (std::int64_t k = region.begin[2]; k < region.end[2]; ++k)
        for (std::int64_t j = region.begin[1]; j < region.end[1]; ++j) {
            std::size_t offset = m_labels.offset(region.begin[0], j, k);
            for (std::int64_t i = region.begin[0]; i < region.end[0]; ++i, ++offset) {
                if (current[offset] == committed[offset])
                    continue;
                const std::int64_t index[3] = {i, j, k};
                for (int a = 0; a < 3; ++a) {
                    changed.begin[a] = std::min(changed.begin[a], index[a]);
                    changed.end[a] = std::max(changed.end[a], index[a] + 1);
                }
            }
        }
    return changed.empty() ? VoxelBox{} : changed;
}

LabelEditHistory::Step LabelEditHistory::encode(const VoxelBox& box) const
{
    Step step;
    step.box = box;
    const auto* current = m_labels.data();
    const auto* committed = m_shadow.data();
    forEachVoxel(m_labels, box, [&](std::size_t offset) {
        const auto x = static_cast<image::LabelMap::Value>(current[offset] ^ committed[offset]);
        if (!step.runs.empty() && step.runs.back().xorValue == x && step.runs.back().length < UINT32_MAX)
            ++step.runs.back().length;
        else
            step.runs.push_back({1, x});
    });
    step.runs.shrink_to_fit();
    return step;
}

void LabelEditHistory::apply(const Step& step)
{
    auto* current = m_labels.data();
    auto* committed = m_shadow.data();
    std::size_t run = 0;
    std::uint32_t usedOfRun = 0;
    forEachVoxel(m_labels, step.box, [&](std::size_t offset) {
        const auto x = step.runs[run].xorValue;
        current[offset] ^= x;
        committed[offset] ^= x;
        if (++usedOfRun == step.runs[run].length) {
            ++run;
            usedOfRun = 0;
        }
    });
}

void LabelEditHistory::copyRegion(const VoxelBox& box, const image::LabelMap& from, image::LabelMap& to) const
{
    const auto* source = from.data();
    auto* target = to.data();
    forEachVoxel(from, box, [&](std::size_t offset) { target[offset] = source[offset]; });
}

VoxelBox LabelEditHistory::end()
{
    if (!m_editing)
        return {};
    m_editing = false;
    const VoxelBox changed = changedBox(m_touched);
    m_touched = {};
    if (changed.empty())
        return {};
    Step step = encode(changed);
    step.name = std::move(m_currentName);
    step.id = m_nextStepId++;
    copyRegion(changed, m_labels, m_shadow);

    // A new edit discards the redo branch (and with it, possibly, the saved state).
    while (m_steps.size() > m_position) {
        m_memoryUsed -= m_steps.back().bytes();
        m_steps.pop_back();
    }
    if (m_savedPosition > std::ptrdiff_t(m_position))
        m_savedPosition = -1;
    m_memoryUsed += step.bytes();
    m_steps.push_back(std::move(step));
    ++m_position;
    enforceBudget();
    return changed;
}

void LabelEditHistory::cancel()
{
    if (!m_editing)
        return;
    copyRegion(m_touched, m_shadow, m_labels);
    m_editing = false;
    m_touched = {};
}

void LabelEditHistory::enforceBudget()
{
    // Keep at least the newest step so the last action can always be undone.
    while (m_memoryUsed > m_budget && m_steps.size() > 1 && m_position > 0) {
        m_memoryUsed -= m_steps.front().bytes();
        m_steps.pop_front();
        --m_position;
        if (m_savedPosition >= 0)
            m_savedPosition = m_savedPosition == 0 ? -1 : m_savedPosition - 1;
    }
}

std::string LabelEditHistory::undoName() const
{
    return canUndo() ? m_steps[m_position - 1].name : std::string();
}

std::string LabelEditHistory::redoName() const
{
    return canRedo() ? m_steps[m_position].name : std::string();
}

VoxelBox LabelEditHistory::undo()
{
    if (m_editing || !canUndo())
        return {};
    --m_position;
    apply(m_steps[m_position]);
    return m_steps[m_position].box;
}

VoxelBox LabelEditHistory::redo()
{
    if (m_editing || !canRedo())
        return {};
    apply(m_steps[m_position]);
    return m_steps[m_position++].box;
}

bool LabelEditHistory::modifiedSinceSave() const
{
    return m_editing || m_savedPosition != std::ptrdiff_t(m_position);
}

void LabelEditHistory::markSaved()
{
    m_savedPosition = std::ptrdiff_t(m_position);
}

void LabelEditHistory::reset()
{
    m_shadow = m_labels;
    m_steps.clear();
    m_position = 0;
    m_memoryUsed = 0;
    m_savedPosition = 0;
    m_editing = false;
    m_touched = {};
}

} // namespace delineate::annotation
