// libFuzzer harness: Delineate's NIfTI-1/2 reader, driven as io::loadStudy drives it for a NIfTI file
// (NiftiHeader::read, readNiftiVolume of the first and the last frame, headerInfo). The reader's sources are
// compiled into the harness (tests/fuzz/CMakeLists.txt) because the rest of delineate_io needs ITK, whose
// Debian headers refuse clang. The bytes become input.nii.gz when they start with the gzip magic, else
// input.nii.
#include "FuzzInput.h"
#include "NiftiHeader.h"
#include "NiftiReader.h"
#include "NiftiTransform.h"

#include <algorithm>

namespace io = delineate::io::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    const std::string path =
        delineate::fuzz::writeScratchFile(gzip ? "input.nii.gz" : "input.nii", data, size);
    auto header = io::NiftiHeader::read(path);
    if (!header)
        return 0;
    auto volume = io::readNiftiVolume(path, *header, 0);
    if (!volume)
        return 0;
    (void)io::headerInfo(*header);
    if (const std::int64_t frames = header->frameCount(); frames > 1)
        (void)io::readNiftiVolume(path, *header,
                                  static_cast<int>(std::min<std::int64_t>(frames, 1 << 30)) - 1);
    return 0;
}
