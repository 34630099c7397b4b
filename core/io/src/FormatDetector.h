#pragma once
// Which reader a path needs, from its content (magic bytes) first and its extension second.
// Internal to delineate_io.

#include "base/Result.h"

#include <string>

namespace delineate::io::detail {

enum class FileFormat { Dicom, Nifti, MetaImage, Nrrd, Png, Jpeg, Tiff, Bmp };

// "dicom", "nifti", "metaimage", "nrrd", "png", "jpeg", "tiff", "bmp" (as Study::format).
[[nodiscard]] const char* formatName(FileFormat format);

// Folders and DICOMDIR files are DICOM; files are recognised by magic bytes (DICM at 128, PNG, JPEG,
// TIFF, BMP, NRRD, NIfTI header sizes), then by extension. FileNotFound / UnsupportedFormat otherwise.
[[nodiscard]] Result<FileFormat> detectFormat(const std::string& path);

} // namespace delineate::io::detail
