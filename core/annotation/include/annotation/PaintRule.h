#pragma once
// Which voxels a tool may change: it writes the active label only, never touches locked labels, and by
// default paints over background and its own label only. Erasing clears the active label only.
// With `kept` set, apply(current, key) records each voxel of another label that the rule protected.

#include "annotation/KeptVoxels.h"
#include "image/LabelMap.h"

#include <memory>
#include <set>

namespace delineate::annotation {

struct PaintRule {
    image::LabelMap::Value activeLabel = 1;
    bool erase = false;
    bool overwriteOtherLabels = false;
    std::set<image::LabelMap::Value> lockedLabels;
    std::shared_ptr<KeptVoxels> kept; // optional: where protected voxels are counted

    // The value voxel `current` takes under this rule (may be `current` itself).
    [[nodiscard]] image::LabelMap::Value apply(image::LabelMap::Value current) const
    {
        if (erase)
            return current == activeLabel ? 0 : current;
        if (current == activeLabel || current == 0)
            return activeLabel;
        if (!overwriteOtherLabels || lockedLabels.count(current))
            return current;
        return activeLabel;
    }

    // As apply(current); a voxel of another label that stays (protected) is recorded in `kept` under
    // `key` (unique per voxel within the gesture).
    image::LabelMap::Value apply(image::LabelMap::Value current, std::int64_t key) const
    {
        const image::LabelMap::Value result = apply(current);
        if (kept && !erase && result == current && current != 0 && current != activeLabel)
            kept->keep(current, key);
        return result;
    }
};

} // namespace delineate::annotation
