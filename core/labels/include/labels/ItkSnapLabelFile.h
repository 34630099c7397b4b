#pragma once
// ITK-SNAP's label description file (the text file behind "Export/Import Label Descriptions"):
//
//   # comment lines start with '#'
//   # IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL
//       0     0    0    0        0  0  0    "Clear Label"
//       1   255    0    0        1  1  1    "Label 1"
//
// IDX = label value, R/G/B 0–255, A = opacity 0–1, VIS/MSH = visible in slices / in 3D (0 or 1),
// LABEL = name in double quotes. Value 0 ("Clear Label") is the background and is not imported.
// Names are UTF-8; a name that is not valid UTF-8 (ITK-SNAP on Windows writes the 8-bit system encoding) is
// read as Latin-1, so that it reaches labels.json unchanged rather than with U+FFFD in place of its letters.
// ITK-SNAP has no "locked" column: locks are not exported and imported labels are unlocked.

#include "base/Result.h"
#include "labels/LabelTable.h"

#include <string>

namespace delineate::labels {

[[nodiscard]] std::string toItkSnapText(const LabelTable& table);
// `path` only names errors. Errors give the line number and what is wrong with it.
[[nodiscard]] Result<LabelTable> fromItkSnapText(const std::string& text, const std::string& path = {});

[[nodiscard]] Result<LabelTable> readItkSnapLabelFile(const std::string& path);
// Atomic.
[[nodiscard]] Result<void> writeItkSnapLabelFile(const LabelTable& table, const std::string& path);

} // namespace delineate::labels
