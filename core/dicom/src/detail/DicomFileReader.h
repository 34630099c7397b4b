#pragma once
// Reading one file into a DCMTK data set, defensively: refuses non-DICOM files by sniffing the first
// bytes, transparently un-gzips `*.dcm.gz`, and maps DCMTK parse failures onto typed errors.

#include "base/Result.h"

#include <cstdint>
#include <memory>
#include <string>

class DcmFileFormat;
class DcmDataset;

namespace delineate::dicom::detail {

enum class ReadDepth {
    Header, // large values (pixel data) stay on disk and are loaded on first access
    Full,   // everything in memory
};

struct DicomFile {
    std::shared_ptr<DcmFileFormat> format;
    std::uintmax_t dataBytes = 0; // size of the DICOM stream (after un-gzipping)
    bool gzipped = false;
    std::string note; // how a non-conformant file was read (MislabelledDataSet.h), empty otherwise
    [[nodiscard]] DcmDataset& dataset() const;
};

// Largest gzip-compressed DICOM file we agree to inflate.
inline constexpr std::uintmax_t kMaxInflatedBytes = std::uintmax_t(2) << 30;

[[nodiscard]] Result<DicomFile> readDicomFile(const std::string& path, ReadDepth depth);

// True for the first bytes of a DICOM stream: "DICM" at offset 128, or a plausible first tag of a file
// without preamble (group 0002/0008 in either byte order).
[[nodiscard]] bool looksLikeDicom(const unsigned char* bytes, std::size_t count);

} // namespace delineate::dicom::detail
