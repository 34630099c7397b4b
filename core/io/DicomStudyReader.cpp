#include "io/DicomStudyReader.h"

#ifdef DELINEATE_IO_HAVE_DICOM
#include "dicom/DicomScanner.h"
#include "dicom/SeriesLoader.h"
#endif

#include <exception>

namespace delineate::io::detail {

#ifdef DELINEATE_IO_HAVE_DICOM

namespace {

Result<const dicom::SeriesInfo*> chooseSeries(const dicom::ScanResult& scan, const std::string& path,
                                              const std::string& seriesUid)
{
    if (scan.series.empty()) {
        std::string detail = "no DICOM image series found";
        if (!scan.skipped.empty())
            detail += " (" + std::to_string(scan.skipped.size()) + " file(s) skipped, first: " +
                      scan.skipped.front().message() + ")";
        return makeError(ErrorCode::UnsupportedFormat, path, detail);
    }
    if (!seriesUid.empty()) {
        for (const dicom::SeriesInfo& series : scan.series)
            if (series.seriesInstanceUid == seriesUid)
                return &series;
        return makeError(ErrorCode::InvalidArgument, path,
                         "series " + seriesUid + " not found among " + std::to_string(scan.series.size()) + " series");
    }
    const dicom::SeriesInfo* best = &scan.series.front();
    for (const dicom::SeriesInfo& series : scan.series)
        if (series.files.size() > best->files.size() ||
            (series.files.size() == best->files.size() && series.frameCount > best->frameCount))
            best = &series;
    return best;
}

} // namespace

Result<DicomReadResult> readDicomStudy(const std::string& path, const std::string& seriesUid)
{
    try {
        auto scan = dicom::scanPath(path);
        if (!scan)
            return scan.error();
        auto chosen = chooseSeries(*scan, path, seriesUid);
        if (!chosen)
            return chosen.error();
        auto volume = dicom::loadSeries(**chosen);
        if (!volume)
            return volume.error();
        return DicomReadResult{std::move(volume).value(), (*chosen)->seriesInstanceUid};
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, path, std::string("DICOM reading failed: ") + e.what());
    } catch (...) {
        return makeError(ErrorCode::Internal, path, "DICOM reading failed (unknown error)");
    }
}

#else

Result<DicomReadResult> readDicomStudy(const std::string& path, const std::string&)
{
    return makeError(ErrorCode::UnsupportedFormat, path, "DICOM support (delineate_dicom) is not part of this build");
}

#endif

} // namespace delineate::io::detail
