#pragma once
// Checks a volume or label map file that a library wrote into an AtomicFile's staging folder, before it is
// committed. ITK ignores some write errors (a NIfTI or MetaImage cut off by a full disk is written
// "successfully"), so every such file is read back far enough to prove it complete: the header parses
// and describes `size`, a plain data file holds every byte, a compressed stream inflates to exactly the
// promised length and ends with a valid trailer (CRC-32 / Adler-32). Constant memory, one extra pass.
// Internal to delineate_io.

#include "base/Result.h"

#include <array>
#include <cstdint>
#include <string>

namespace delineate::io::detail {

// `path` ends in .nii, .nii.gz, .hdr, .mha, .mhd, .nrrd or .nhdr; its companion files lie beside it.
// The error's detail says what is missing ("the compressed data is truncated ...").
[[nodiscard]] Result<void> checkWrittenImage(const std::string& path,
                                             const std::array<std::int64_t, 3>& size);

// Why a library's write failed, when the operating system knows: `savedErrno` if it names an I/O
// condition (ENOSPC, EFBIG, EDQUOT, EIO, EROFS, EACCES, EPERM), else what the file system says now (no
// space left) or the file size limit the file reached; 0 when nothing explains it.
[[nodiscard]] int writeFailureReason(int savedErrno, const std::string& path);

} // namespace delineate::io::detail
