#pragma once
// Listing the files a DICOMDIR (media index, PS3.10) refers to.

#include "base/Result.h"

#include <string>
#include <vector>

class DcmDataset;

namespace delineate::dicom::detail {

struct DicomDirEntries {
    std::vector<std::string> files; // existing referenced files, absolute or relative to the DICOMDIR
    std::vector<Error> missing;     // referenced files that do not exist
};

[[nodiscard]] bool isDicomDir(DcmDataset& dataset);

// `dataset` is the DICOMDIR read from `path`; referenced file IDs are resolved against its folder.
[[nodiscard]] Result<DicomDirEntries> listDicomDir(DcmDataset& dataset, const std::string& path);

} // namespace delineate::dicom::detail
