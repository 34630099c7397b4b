#include "labels/LabelTable.h"

#include "labels/DefaultPalette.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace delineate::labels {

const LabelEntry* LabelTable::find(std::uint16_t value) const
{
    const auto it =
        std::lower_bound(m_entries.begin(), m_entries.end(), value,
                         [](const LabelEntry& entry, std::uint16_t v) { return entry.value < v; });
    return it != m_entries.end() && it->value == value ? &*it : nullptr;
}

LabelEntry* LabelTable::findMutable(std::uint16_t value)
{
    return const_cast<LabelEntry*>(std::as_const(*this).find(value));
}

Result<void> LabelTable::set(const LabelEntry& entry)
{
    if (entry.value == 0)
        return makeError(ErrorCode::InvalidArgument, "",
                         "label value 0 is the background and cannot be named");
    if (entry.name.empty())
        return makeError(ErrorCode::InvalidArgument, "",
                         "label " + std::to_string(entry.value) + " needs a name");
    if (!(entry.opacity >= 0.0 && entry.opacity <= 1.0))
        return makeError(ErrorCode::InvalidArgument, "",
                         "label " + std::to_string(entry.value) + " opacity must lie between 0 and 1");
    if (LabelEntry* existing = findMutable(entry.value)) {
        *existing = entry;
        return {};
    }
    const auto it = std::lower_bound(m_entries.begin(), m_entries.end(), entry.value,
                                     [](const LabelEntry& e, std::uint16_t v) { return e.value < v; });
    m_entries.insert(it, entry);
    return {};
}

Result<LabelEntry> LabelTable::addNew(const std::string& name)
{
    const std::uint16_t value = nextFreeValue();
    if (value == 0)
        return makeError(ErrorCode::InvalidArgument, "", "all 65535 label values are in use");
    LabelEntry entry;
    entry.value = value;
    entry.name = name.empty() ? "Label " + std::to_string(value) : name;
    entry.colour = defaultColour(value);
    if (auto added = set(entry); !added)
        return added.error();
    return entry;
}

bool LabelTable::remove(std::uint16_t value)
{
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                 [value](const LabelEntry& entry) { return entry.value == value; });
    if (it == m_entries.end())
        return false;
    m_entries.erase(it);
    return true;
}

bool LabelTable::setVisible(std::uint16_t value, bool visible)
{
    LabelEntry* entry = findMutable(value);
    if (entry)
        entry->visible = visible;
    return entry != nullptr;
}

bool LabelTable::setLocked(std::uint16_t value, bool locked)
{
    LabelEntry* entry = findMutable(value);
    if (entry)
        entry->locked = locked;
    return entry != nullptr;
}

std::uint16_t LabelTable::nextFreeValue() const
{
    std::uint32_t candidate = 1;
    for (const LabelEntry& entry : m_entries) { // sorted
        if (entry.value > candidate)
            break;
        candidate = entry.value + 1u;
    }
    return candidate > 65535u ? 0 : static_cast<std::uint16_t>(candidate);
}

} // namespace delineate::labels
