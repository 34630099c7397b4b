#pragma once
// One propagation front (internal to PropagationRun): an anchor, a direction, and the previous slice's
// result that prompts the next slice.

#include <cstdint>
#include <vector>

namespace delineate::propagation::detail {

struct Front {
    std::int64_t anchor = 0;
    int direction = 1;              // +1 up, -1 down
    std::int64_t previous = 0;      // last slice with a result (the anchor at first)
    std::vector<std::uint8_t> mask; // its mask, width x height
    std::int64_t pixels = 0;
    std::vector<float> lowResLogits; // its 256 x 256 SAM logits (empty for the anchor)
    bool active = true;

    [[nodiscard]] std::int64_t next() const { return previous + direction; }
};

} // namespace delineate::propagation::detail
