#include "dicom/DicomScanner.h"

#include "base/ParallelFor.h"
#include "detail/DicomDirReader.h"
#include "detail/DicomFileReader.h"
#include "detail/ImageHeader.h"
#include "detail/SeriesGrouper.h"

#include <dcmtk/dcmdata/dcfilefo.h>

#include <algorithm>
#include <filesystem>
#include <iterator>

namespace delineate::dicom {

namespace {

namespace fs = std::filesystem;
using detail::ImageHeader;

struct Collected {
    std::vector<ImageHeader> headers;
    std::vector<Error> skipped;
};

std::vector<std::string> listFiles(const std::string& folder, std::vector<Error>& skipped)
{
    std::vector<std::string> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        skipped.push_back(makeError(ErrorCode::ReadFailed, folder, "cannot list folder: " + ec.message()));
        return files;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            skipped.push_back(
                makeError(ErrorCode::ReadFailed, folder, "cannot list folder: " + ec.message()));
            break;
        }
        std::error_code typeError;
        if (it->is_regular_file(typeError))
            files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Reads one file; DICOMDIRs are reported through `dicomDir` instead of being scanned.
void scanFileUnguarded(const std::string& path, Collected& collected, detail::DicomFile* dicomDir)
{
    auto file = detail::readDicomFile(path, detail::ReadDepth::Header);
    if (!file) {
        collected.skipped.push_back(file.error());
        return;
    }
    if (detail::isDicomDir(file->dataset())) {
        if (dicomDir)
            *dicomDir = file.value();
        else
            collected.skipped.push_back(makeError(ErrorCode::UnsupportedFormat, path,
                                                  "DICOMDIR index skipped (the folder's images are scanned "
                                                  "directly)"));
        return;
    }
    auto header = detail::readImageHeader(file->dataset(), path, file->dataBytes);
    if (!header) {
        collected.skipped.push_back(header.error());
        return;
    }
    collected.headers.push_back(std::move(header).value());
}

// One broken file must not end the scan: anything DCMTK throws lands in `skipped`.
void scanFile(const std::string& path, Collected& collected, detail::DicomFile* dicomDir = nullptr)
{
    try {
        scanFileUnguarded(path, collected, dicomDir);
    } catch (const std::exception& e) {
        collected.skipped.push_back(
            makeError(ErrorCode::CorruptData, path, std::string("unreadable: ") + e.what()));
    } catch (...) {
        collected.skipped.push_back(makeError(ErrorCode::CorruptData, path, "unreadable"));
    }
}

// Reading the headers is most of a scan's time: files are read on several threads, and their results
// collected in file order (the same result whatever the scheduling).
void scanFiles(const std::vector<std::string>& files, Collected& collected)
{
    std::vector<Collected> slots(files.size());
    parallelFor(files.size(), [&](std::size_t i) { scanFile(files[i], slots[i]); });
    for (Collected& slot : slots) {
        std::move(slot.headers.begin(), slot.headers.end(), std::back_inserter(collected.headers));
        std::move(slot.skipped.begin(), slot.skipped.end(), std::back_inserter(collected.skipped));
    }
}

Result<ScanResult> scanPathUnguarded(const std::string& path)
{
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        return makeError(ErrorCode::FileNotFound, path, "no such file or folder");
    Collected collected;
    if (fs::is_directory(status)) {
        scanFiles(listFiles(path, collected.skipped), collected);
    } else {
        detail::DicomFile dicomDir;
        scanFile(path, collected, &dicomDir);
        if (dicomDir.format) {
            auto entries = detail::listDicomDir(dicomDir.dataset(), path);
            if (!entries)
                return entries.error();
            collected.skipped = entries->missing;
            scanFiles(entries->files, collected);
        }
    }
    ScanResult result;
    result.series = detail::groupIntoSeries(collected.headers, collected.skipped);
    result.skipped = std::move(collected.skipped);
    return result;
}

} // namespace

Result<ScanResult> scanPath(const std::string& path)
{
    // Nothing may escape the API: DCMTK can throw on corrupt input.
    try {
        return scanPathUnguarded(path);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, path, "not enough memory to scan");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::ReadFailed, path,
                         std::string("unexpected failure while scanning: ") + e.what());
    } catch (...) {
        return makeError(ErrorCode::ReadFailed, path, "unexpected failure while scanning");
    }
}

} // namespace delineate::dicom
