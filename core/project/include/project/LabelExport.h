#pragma once
// Export of the shown study's labels (File > Export Labels): one label map with every label on the
// study's grid and its label table beside it (labels.json naming rule of core/labels), or one binary
// file per label of the table, "<value>-<name>.nii.gz" (0 / 1) or, for a `path` ending in .png (2D
// studies), "<value>-<name>.png" (0 / 255 so it shows as a mask anywhere) in `path`'s folder. Names are
// made file-safe (letters, digits, '-', '_'). Every file is written atomically (io::saveLabelMap).

#include "base/Result.h"

#include <string>
#include <vector>

namespace delineate::image {
class LabelMap;
}
namespace delineate::io {
struct Study;
}
namespace delineate::labels {
class LabelTable;
}

namespace delineate::project {

[[nodiscard]] Result<void> exportLabelMap(const image::LabelMap& labels, const io::Study& study,
                                          const labels::LabelTable& table, const std::string& path);
// The files written, in table order.
[[nodiscard]] Result<std::vector<std::string>> exportPerLabel(const image::LabelMap& labels,
                                                              const io::Study& study,
                                                              const labels::LabelTable& table,
                                                              const std::string& path);

} // namespace delineate::project
