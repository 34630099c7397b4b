#pragma once
// Scanning files, folders (recursively) and DICOMDIRs into patient / study / series.

#include "base/Result.h"

#include <string>
#include <vector>

namespace delineate::dicom {

struct SeriesInfo {
    std::string patientName;
    std::string patientId;
    std::string studyInstanceUid;
    std::string studyDescription;
    std::string studyDate;
    std::string seriesInstanceUid;
    std::string seriesDescription;
    std::string modality;
    int seriesNumber = 0;
    int rows = 0;
    int columns = 0;
    int frameCount = 0;             // total frames over all files (1 per single-frame image)
    int components = 1;             // values per pixel once decoded: 3 for colour (RGB, YBR, palette)
    std::vector<std::string> files; // image files of this series
    // A series whose files differ in image size, orientation or colour model, that holds several
    // multi-frame files, or whose images repeat the same positions (echoes, magnitude / phase, diffusion
    // weightings, time points) is split into stacks that each load as one volume.
    int stackIndex = 0; // 0-based
    int stackCount = 1;
    std::string stackLabel;         // what sets a stack of repeated positions apart ("echo 2 (TE 9.5 ms)",
                                    // "phase", "time point 3"...), empty otherwise
    std::vector<std::string> notes; // e.g. why the series was split
};

struct ScanResult {
    std::vector<SeriesInfo> series; // sorted by patient, study, series number
    std::vector<Error> skipped;     // files that are not readable DICOM images (or repeat an image
                                    // already found, same SOPInstanceUID), with the reason
};

// `path` may be a DICOM file, a folder (scanned recursively) or a DICOMDIR file. Fails only when `path`
// does not exist or a DICOMDIR cannot be read; unreadable files are listed in `skipped`. A DICOMDIR found
// inside a scanned folder is skipped (the folder's images are scanned directly). Files ending in .gz are
// un-gzipped. Grouping: by StudyInstanceUID and SeriesInstanceUID, then split into stacks (see above).
[[nodiscard]] Result<ScanResult> scanPath(const std::string& path);

} // namespace delineate::dicom
