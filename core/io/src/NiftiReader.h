#pragma once
// Delineate's own NIfTI-1/2 voxel reader (plain or gzip, either byte order, .nii or .hdr/.img): every
// NIfTI the loader opens goes through it, none through ITK. ITK 5.2 has no NIfTI-2 reader, loads a
// truncated .nii.gz without an error (this reader reads the compressed stream to its end, so zlib checks
// CRC and length) and took 35x longer for a plain .nii. tst_study_loader cross-checks it against ITK
// voxel by voxel on every NIfTI-1 test file. Internal to delineate_io.

#include "NiftiHeader.h"
#include "base/Result.h"
#include "image/Volume.h"

#include <string>

namespace delineate::io::detail {

// Checks that the data file holds all the voxels the header promises (plain files only; the length of a
// compressed stream is only known once it is read). Cheap: readNiftiVolume runs it before reading.
[[nodiscard]] Result<void> checkNiftiDataSize(const std::string& path, const NiftiHeader& header);

// Reads frame `frame` (0-based, over dims 4..7) with scl_slope/scl_inter applied; a damaged or truncated
// compressed stream is CorruptData. Geometry follows
// NiftiTransform's precedence (sform, qform, pixdim). RGB24/RGBA32 give 3 components.
// Memory: the declared float volume must fit in the memory available (MemoryBudget.h: TooLarge
// unless allowLarge); the data is read and converted in slabs, so the peak is the volume plus ~8 MB.
[[nodiscard]] Result<image::Volume> readNiftiVolume(const std::string& path, const NiftiHeader& header,
                                                    int frame, bool allowLarge = false);

// The ComponentType a NIfTI datatype is held as (Float32 when scaled).
[[nodiscard]] image::ComponentType niftiComponentType(const NiftiHeader& header);

} // namespace delineate::io::detail
