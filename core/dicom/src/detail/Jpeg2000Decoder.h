#pragma once
// JPEG 2000 (1.2.840.10008.1.2.4.90/.91) decoding with OpenJPEG: Debian's DCMTK has no JPEG 2000 codec.
// Input: one frame's codestream (raw J2K, or a JP2 file as some writers embed); output: the decoded samples
// as int32, components interleaved (1 or 3), row-major. OpenJPEG applies the inverse multi-component
// transform itself, so YBR_RCT / YBR_ICT frames come out as RGB.

#include "base/Result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace delineate::dicom::detail {

struct Jpeg2000Frame {
    int columns = 0;
    int rows = 0;
    int components = 0;
    int precision = 0; // bits per sample
    bool isSigned = false;
    std::vector<std::int32_t> samples; // rows × columns × components
};

// Whether JPEG 2000 pixel data can be decoded in this build.
[[nodiscard]] bool jpeg2000Available();

// Refuses, before decoding anything, a codestream whose image size differs from `columns` × `rows`.
// `path` is named in errors.
[[nodiscard]] Result<Jpeg2000Frame> decodeJpeg2000(const std::uint8_t* data, std::size_t size, int columns,
                                                   int rows, const std::string& path);

} // namespace delineate::dicom::detail
