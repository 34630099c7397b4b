#pragma once
// The voxels an edit left alone because another label holds them (PaintRule: "Overwrite other labels"
// off, or the label is locked). Each voxel counts once per gesture, however often a brush stroke crosses
// it; voxel keys are any index unique within the gesture (LabelMap::offset for 3D tools, slice × pixels
// + pixel for slice masks). Memory grows with the kept voxels only.
//
//   auto kept = std::make_shared<KeptVoxels>();
//   rule.kept = kept;              // PaintRule::apply(current, key) records into it
//   … gesture …
//   for (auto [label, count] : kept->perLabel()) …   // "312 voxels kept for Brain"

#include "image/LabelMap.h"

#include <cstdint>
#include <map>
#include <unordered_map>

namespace delineate::annotation {

class KeptVoxels {
public:
    using Value = image::LabelMap::Value;

    void keep(Value label, std::int64_t key) { m_voxels.emplace(key, label); }

    // Kept voxels per label value, in increasing label order.
    [[nodiscard]] std::map<Value, std::int64_t> perLabel() const
    {
        std::map<Value, std::int64_t> counts;
        for (const auto& [key, label] : m_voxels)
            ++counts[label];
        return counts;
    }
    [[nodiscard]] std::int64_t total() const { return std::int64_t(m_voxels.size()); }
    [[nodiscard]] bool empty() const { return m_voxels.empty(); }
    void clear() { m_voxels.clear(); }

private:
    std::unordered_map<std::int64_t, Value> m_voxels;
};

} // namespace delineate::annotation
