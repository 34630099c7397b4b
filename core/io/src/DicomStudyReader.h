#pragma once
// DICOM files, folders and DICOMDIRs through delineate_dicom: scan once, list the series (stacks) found,
// assemble the one asked for (by UID and stack, or the one with the most images). Internal to
// delineate_io.

#include "base/Result.h"
#include "image/Volume.h"
#include "io/StudyLoader.h"

#include <memory>
#include <string>
#include <vector>

namespace delineate::io::detail {

// The scan of one path (opaque outside DicomStudyReader.cpp); immutable, shared between threads.
struct DicomScanHandle;

struct DicomReadResult {
    image::Volume volume;
    SeriesEntry series;
    std::vector<Error> warnings; // see Study::warnings
};

[[nodiscard]] Result<std::shared_ptr<const DicomScanHandle>> scanDicom(const std::string& path);
[[nodiscard]] std::vector<SeriesEntry> describeSeries(const DicomScanHandle& scan);
// `seriesUid` empty = the series with the most images (then the most frames); `stack` picks one stack of
// a series the scanner split.
[[nodiscard]] Result<DicomReadResult> readDicomSeries(const DicomScanHandle& scan, const std::string& path,
                                                      const std::string& seriesUid, int stack,
                                                      bool allowLarge = false);

} // namespace delineate::io::detail
