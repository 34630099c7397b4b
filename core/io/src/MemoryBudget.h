#pragma once
// Whether a volume a header declares fits in memory, checked before anything is allocated (internal).
//
// The decoded volume (float32, components per voxel) must fit in the memory available now:
// /proc/meminfo MemAvailable (else sysconf's available pages), and under RLIMIT_AS the address
// space left. Otherwise TooLarge, one line naming the file, the declared size and the memory
// available. LoadOptions::allowLarge or the environment variable DELINEATE_ALLOW_LARGE=1 skip
// the check (for studies known to be genuinely huge: the system may then swap or fail).

#include "base/Result.h"

#include <array>
#include <cstdint>
#include <string>

namespace delineate::io::detail {

// Bytes of memory this process can still allocate; -1 when unknown.
[[nodiscard]] std::int64_t availableMemoryBytes();

// True when DELINEATE_ALLOW_LARGE is set to something other than "" or "0".
[[nodiscard]] bool largeVolumesAllowedByEnvironment();

[[nodiscard]] Result<void> checkDecodedSize(const std::string& path, const std::array<std::int64_t, 3>& size,
                                            int components, bool allowLarge);

} // namespace delineate::io::detail
