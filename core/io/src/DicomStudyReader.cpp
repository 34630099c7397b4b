#include "DicomStudyReader.h"

#include "MemoryBudget.h"
#include "dicom/DicomScanner.h"
#include "dicom/SeriesLoader.h"

#include <exception>

namespace delineate::io::detail {

struct DicomScanHandle {
    dicom::ScanResult scan;
};

namespace {

SeriesEntry entryOf(const dicom::SeriesInfo& series)
{
    SeriesEntry entry;
    entry.seriesUid = series.seriesInstanceUid;
    entry.stack = series.stackIndex;
    entry.stackCount = series.stackCount;
    entry.stackLabel = series.stackLabel;
    entry.seriesNumber = series.seriesNumber;
    entry.patientName = series.patientName;
    entry.studyDate = series.studyDate;
    entry.studyDescription = series.studyDescription;
    entry.seriesDescription = series.seriesDescription;
    entry.modality = series.modality;
    entry.columns = series.columns;
    entry.rows = series.rows;
    entry.frames = series.frameCount;
    entry.files = series.files.size();
    entry.notes = series.notes;
    return entry;
}

Result<const dicom::SeriesInfo*> chooseSeries(const dicom::ScanResult& scan, const std::string& path,
                                              const std::string& seriesUid, int stack)
{
    if (scan.series.empty()) {
        std::string detail = "no DICOM image series found";
        if (!scan.skipped.empty())
            detail += " (" + std::to_string(scan.skipped.size()) +
                      " file(s) skipped, first: " + scan.skipped.front().message() + ")";
        return makeError(ErrorCode::UnsupportedFormat, path, detail);
    }
    if (!seriesUid.empty()) {
        int stacks = 0;
        for (const dicom::SeriesInfo& series : scan.series) {
            if (series.seriesInstanceUid != seriesUid)
                continue;
            if (series.stackIndex == stack)
                return &series;
            ++stacks;
        }
        if (stacks > 0)
            return makeError(ErrorCode::InvalidArgument, path,
                             "series " + seriesUid + " has " + std::to_string(stacks) +
                                 " stack(s); there is no stack " + std::to_string(stack));
        return makeError(ErrorCode::InvalidArgument, path,
                         "series " + seriesUid + " not found among " + std::to_string(scan.series.size()) +
                             " series");
    }
    const dicom::SeriesInfo* best = &scan.series.front();
    for (const dicom::SeriesInfo& series : scan.series)
        if (series.files.size() > best->files.size() ||
            (series.files.size() == best->files.size() && series.frameCount > best->frameCount))
            best = &series;
    return best;
}

// Files the scan could not use that may have held images of the study: unreadable or corrupt DICOM files
// and DICOMDIR entries whose file is missing or outside the DICOMDIR's folder. Files that are not DICOM,
// non-image objects and repeated images are no loss and stay silent.
bool isLostImage(const Error& skipped)
{
    return skipped.code != ErrorCode::UnsupportedFormat && skipped.code != ErrorCode::InvalidArgument;
}

std::vector<Error> scanWarnings(const dicom::ScanResult& scan)
{
    std::vector<Error> warnings;
    for (const Error& skipped : scan.skipped)
        if (isLostImage(skipped))
            warnings.push_back(skipped);
    return warnings;
}

} // namespace

Result<std::shared_ptr<const DicomScanHandle>> scanDicom(const std::string& path)
{
    try {
        auto scan = dicom::scanPath(path);
        if (!scan)
            return scan.error();
        return std::shared_ptr<const DicomScanHandle>(new DicomScanHandle{std::move(scan).value()});
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, path, std::string("DICOM scanning failed: ") + e.what());
    } catch (...) {
        return makeError(ErrorCode::Internal, path, "DICOM scanning failed (unknown error)");
    }
}

std::vector<SeriesEntry> describeSeries(const DicomScanHandle& scan)
{
    std::vector<SeriesEntry> entries;
    entries.reserve(scan.scan.series.size());
    for (const dicom::SeriesInfo& series : scan.scan.series)
        entries.push_back(entryOf(series));
    return entries;
}

Result<DicomReadResult> readDicomSeries(const DicomScanHandle& scan, const std::string& path,
                                        const std::string& seriesUid, int stack, bool allowLarge)
{
    try {
        auto chosen = chooseSeries(scan.scan, path, seriesUid, stack);
        if (!chosen)
            return chosen.error();
        // What the headers declare (rows x columns x frames of all files), before a file is read whole.
        const dicom::SeriesInfo& series = **chosen;
        if (auto fits = checkDecodedSize(path, {series.columns, series.rows, series.frameCount},
                                         series.components, allowLarge);
            !fits)
            return fits.error();
        auto volume = dicom::loadSeries(**chosen);
        if (!volume)
            return volume.error();
        return DicomReadResult{std::move(volume).value(), entryOf(**chosen), scanWarnings(scan.scan)};
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, path, std::string("DICOM reading failed: ") + e.what());
    } catch (...) {
        return makeError(ErrorCode::Internal, path, "DICOM reading failed (unknown error)");
    }
}

} // namespace delineate::io::detail
