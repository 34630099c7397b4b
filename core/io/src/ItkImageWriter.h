#pragma once
// Writing volumes and label maps through ITK (NIfTI, MetaImage, NRRD: the writer follows the file name's
// extension). The caller stages the file (base/AtomicFile.h) and checks it afterwards (WrittenFileCheck.h):
// ITK does not report every failed write. Error details are phrases for AtomicFile::failure().
// Internal to delineate_io.

#include "base/Result.h"
#include "image/LabelMap.h"
#include "image/Volume.h"

#include <string>

namespace delineate::io::detail {

// The narrowest type that keeps every value of `volume` exactly: its sourceType when all values are
// integers within that type's range, otherwise Float32.
[[nodiscard]] image::ComponentType losslessType(const image::Volume& volume);

// Writes with the lossless type; RGB volumes as RGB uint8 when possible, else 3-vectors of float.
[[nodiscard]] Result<void> writeVolumeWithItk(const image::Volume& volume, const std::string& path);

// Writes label values as uint8 (`eightBit`) or uint16.
[[nodiscard]] Result<void> writeLabelsWithItk(const image::LabelMap& labels, bool eightBit,
                                              const std::string& path);

// ITK's exception description in one line (prefixes, call chains and repeats dropped).
[[nodiscard]] std::string itkMessage(const std::string& description);

} // namespace delineate::io::detail
