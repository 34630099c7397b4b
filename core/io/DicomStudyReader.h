#pragma once
// DICOM files, folders and DICOMDIRs through delineate_dicom: scan, choose a series (the requested UID or
// the one with the most images), assemble it. Internal to delineate_io.

#include "base/Result.h"
#include "image/Volume.h"

#include <string>

namespace delineate::io::detail {

struct DicomReadResult {
    image::Volume volume;
    std::string seriesUid;
};

// `seriesUid` empty = the series with the most images (then the most frames).
[[nodiscard]] Result<DicomReadResult> readDicomStudy(const std::string& path, const std::string& seriesUid);

} // namespace delineate::io::detail
