// libFuzzer harness: one DICOM file through both paths of delineate_dicom — the series path (scanPath,
// then loadSeries for every series found) and the single-file path (loadFile). Bytes starting with the
// gzip magic are named input.dcm.gz (the scanner un-gzips those).
#include "FuzzInput.h"
#include "dicom/DicomScanner.h"
#include "dicom/SeriesLoader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    const std::string path =
        delineate::fuzz::writeScratchFile(gzip ? "input.dcm.gz" : "input.dcm", data, size);
    auto scan = delineate::dicom::scanPath(path);
    if (scan) {
        for (const auto& series : scan->series)
            (void)delineate::dicom::loadSeries(series);
    }
    if (!gzip)
        (void)delineate::dicom::loadFile(path);
    return 0;
}
