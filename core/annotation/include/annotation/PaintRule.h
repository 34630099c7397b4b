#pragma once
// Which voxels a tool may change: it writes the active label only, never touches locked labels, and by
// default paints over background and its own label only. Erasing clears the active label only.

#include "image/LabelMap.h"

#include <set>

namespace delineate::annotation {

struct PaintRule {
    image::LabelMap::Value activeLabel = 1;
    bool erase = false;
    bool overwriteOtherLabels = false;
    std::set<image::LabelMap::Value> lockedLabels;

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
};

} // namespace delineate::annotation
