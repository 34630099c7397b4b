#pragma once
// Files whose data set is encoded Implicit VR Little Endian under a meta header that declares a compressed
// (encapsulated) transfer syntax (internal).
//
// Not conformant: the encapsulated transfer syntaxes encode the data set Explicit VR Little Endian (PS3.5
// A.4). Some writers still produce such files (pydicom's SC_rgb_jpeg.dcm: highdicom 0.1.0). pydicom and
// GDCM look at the data set itself ("Expected explicit VR, but found implicit VR") and read them; DCMTK
// 3.6.7 trusts the meta header whenever it names a compressed transfer syntax (its auto-detection is off
// for those: "data set seems to be compressed, so transfer syntax is not detected") and fails mid-way.
//
// readMislabelledDataSet reads such a file again: the data set, from where the meta header ends, as
// Implicit VR Little Endian (DCMTK's file stream, so every length is checked against the file and large
// values stay on disk up to `maxReadLength`), and its encapsulated pixel data (the fragments DCMTK reads as
// a pixel sequence) is given back the declared transfer syntax, which the header and the decoder then see
// as usual. The meta header itself is not kept. DicomFile::note says what was done.
//
// Returns nullopt for every other file (then the first parse error stands): no DICM preamble, no
// encapsulated transfer syntax in the meta header, or a data set whose first element has an explicit VR.

#include "detail/DicomFileReader.h"

#include <cstdint>
#include <optional>
#include <string>

namespace delineate::dicom::detail {

[[nodiscard]] std::optional<Result<DicomFile>>
readMislabelledDataSet(const std::string& path, std::uintmax_t fileSize, std::uint32_t maxReadLength);

} // namespace delineate::dicom::detail
