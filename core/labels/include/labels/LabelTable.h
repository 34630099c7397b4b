#pragma once
// The names, colours and states of the labels of a label map (value 0 is background and never listed).
// Stored beside the label volume as JSON (LabelTableJson.h) and exchanged with ITK-SNAP through its label
// description text file (ItkSnapLabelFile.h).

#include "base/Result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace delineate::labels {

struct Rgb {
    std::uint8_t red = 0;
    std::uint8_t green = 0;
    std::uint8_t blue = 0;

    friend bool operator==(const Rgb&, const Rgb&) = default;
};

struct LabelEntry {
    std::uint16_t value = 1; // voxel value in the label map, 1…65535
    std::string name;
    Rgb colour;
    bool visible = true;
    bool locked = false;  // locked labels are protected from painting over
    double opacity = 1.0; // 0…1 (ITK-SNAP's alpha column)

    friend bool operator==(const LabelEntry&, const LabelEntry&) = default;
};

class LabelTable {
public:
    LabelTable() = default;

    // Entries sorted by value.
    [[nodiscard]] const std::vector<LabelEntry>& entries() const { return m_entries; }
    [[nodiscard]] bool empty() const { return m_entries.empty(); }
    [[nodiscard]] std::size_t size() const { return m_entries.size(); }

    [[nodiscard]] const LabelEntry* find(std::uint16_t value) const;
    [[nodiscard]] bool contains(std::uint16_t value) const { return find(value) != nullptr; }

    // Adds or replaces the entry with `entry.value`. InvalidArgument for value 0, an empty name or an
    // opacity outside 0…1.
    Result<void> set(const LabelEntry& entry);
    // Adds a label with the lowest free value, `name` (or "Label N" when empty) and the default colour.
    // InvalidArgument when all 65535 values are used.
    Result<LabelEntry> addNew(const std::string& name = {});
    // Removes the entry; false when it was not there.
    bool remove(std::uint16_t value);

    bool setVisible(std::uint16_t value, bool visible);
    bool setLocked(std::uint16_t value, bool locked);

    // The lowest value not in the table (0 when full).
    [[nodiscard]] std::uint16_t nextFreeValue() const;

    friend bool operator==(const LabelTable&, const LabelTable&) = default;

private:
    LabelEntry* findMutable(std::uint16_t value);

    std::vector<LabelEntry> m_entries;
};

} // namespace delineate::labels
