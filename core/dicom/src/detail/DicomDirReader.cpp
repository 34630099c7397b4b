#include "detail/DicomDirReader.h"

#include "detail/DatasetAccess.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

namespace delineate::dicom::detail {

namespace {

namespace fs = std::filesystem;

// "DIR1\DIR2\FILE" → DIR1/DIR2/FILE; rejects absolute paths and ".." (a DICOMDIR may not point outside).
std::optional<fs::path> fileIdToPath(const std::string& fileId)
{
    fs::path relative;
    std::size_t start = 0;
    while (start <= fileId.size()) {
        const std::size_t end = std::min(fileId.find('\\', start), fileId.size());
        const std::string component = fileId.substr(start, end - start);
        if (component.empty() || component == "." || component == ".." ||
            component.find('/') != std::string::npos)
            return std::nullopt;
        relative /= component;
        start = end + 1;
    }
    return relative;
}

std::string lowercase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

} // namespace

bool isDicomDir(DcmDataset& dataset)
{
    return dataset.tagExists(DCM_DirectoryRecordSequence);
}

Result<DicomDirEntries> listDicomDir(DcmDataset& dataset, const std::string& path)
{
    DcmSequenceOfItems* records = nullptr;
    if (dataset.findAndGetSequence(DCM_DirectoryRecordSequence, records).bad() || !records)
        return makeError(ErrorCode::CorruptData, path, "DICOMDIR has no DirectoryRecordSequence");
    const fs::path folder = fs::path(path).parent_path();
    DicomDirEntries entries;
    std::set<std::string> seen;
    for (unsigned long i = 0; i < records->card(); ++i) {
        DcmItem* record = records->getItem(i);
        if (!record)
            continue;
        const std::string fileId = stringValue(*record, DCM_ReferencedFileID, true);
        if (fileId.empty())
            continue;
        const auto relative = fileIdToPath(fileId);
        if (!relative) {
            entries.missing.push_back(makeError(
                ErrorCode::CorruptData, path,
                "DICOMDIR entry '" + fileId + "' points outside the DICOMDIR's folder or is not a file ID"));
            continue;
        }
        fs::path file = folder / *relative;
        std::error_code ec;
        if (!fs::is_regular_file(file, ec) && fs::is_regular_file(folder / lowercase(relative->string()), ec))
            file = folder / lowercase(relative->string());
        if (!fs::is_regular_file(file, ec)) {
            entries.missing.push_back(makeError(ErrorCode::FileNotFound, file.string(),
                                                "file referenced by the DICOMDIR does not exist"));
            continue;
        }
        if (seen.insert(file.string()).second)
            entries.files.push_back(file.string());
    }
    return entries;
}

} // namespace delineate::dicom::detail
