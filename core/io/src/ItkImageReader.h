#pragma once
// Reading MetaImage and NRRD through ITK's ImageIOBase (no templates over pixel types): the component
// type and dimension are learnt from the file, one 3D frame is read and held as float32. The loader reads
// NIfTI with NiftiReader; ITK's NIfTI-1 reading (RAS converted to LPS by ITK itself, the geometry here is
// what ITK reports) serves tst_study_loader as the independent reference. Internal to delineate_io.

#include "base/Result.h"
#include "image/Volume.h"

#include <array>
#include <cstdint>
#include <string>

namespace delineate::io::detail {

struct ItkReadResult {
    image::Volume volume;
    int frameCount = 1; // size of the 4th dimension
};

// Registers the NIfTI, MetaImage and NRRD IO factories (once, thread-safe).
void registerItkImageIO();

// What a header declares, read without the image data: the size of one 3D frame (a 2D image has one
// slice) and the components once decoded (1, or 3 for RGB, RGBA and 3-vectors).
struct ItkDeclaredSize {
    std::array<std::int64_t, 3> size{1, 1, 1};
    int components = 1;
};
// Fails (CorruptData / UnsupportedFormat, one line) when the header cannot be read.
[[nodiscard]] Result<ItkDeclaredSize> readItkDeclaredSize(const std::string& path);

// Reads frame `frame` of a 2D, 3D or 4D image. Scalars → 1 component; RGB, RGBA (alpha dropped) and
// 3-vectors → 3 components. Never throws: ITK exceptions become CorruptData / UnsupportedFormat errors.
[[nodiscard]] Result<ItkReadResult> readWithItk(const std::string& path, int frame);

} // namespace delineate::io::detail
