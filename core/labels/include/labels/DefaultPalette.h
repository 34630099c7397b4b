#pragma once
// Colours for new labels: 20 well-separated colours for values 1–20, then hues spaced by the golden angle
// so neighbouring values always look different.

#include "labels/LabelTable.h"

#include <cstdint>

namespace delineate::labels {

[[nodiscard]] Rgb defaultColour(std::uint16_t value);

} // namespace delineate::labels
