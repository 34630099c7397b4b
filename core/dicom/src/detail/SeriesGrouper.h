#pragma once
// Grouping scanned image headers into series (StudyInstanceUID + SeriesInstanceUID) and splitting a series
// into stacks that can each form one regular volume: same image size and colour model, same orientation,
// and at most one multi-frame file per stack.

#include "detail/ImageHeader.h"
#include "dicom/DicomScanner.h"

#include <vector>

namespace delineate::dicom::detail {

// Files repeating a SOPInstanceUID already seen (the same image in another encoding) are left out and
// reported in `duplicates`; the first file in path order is kept.
[[nodiscard]] std::vector<SeriesInfo> groupIntoSeries(const std::vector<ImageHeader>& headers,
                                                      std::vector<Error>& duplicates);

} // namespace delineate::dicom::detail
