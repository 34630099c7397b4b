#include "WrittenFileCheck.h"

#include "GzFile.h"
#include "ItkInputCheck.h"
#include "NiftiHeader.h"

#include <cerrno>
#include <sys/resource.h>
#include <sys/statvfs.h>

namespace delineate::io::detail {

namespace {

Result<void> checkNifti(const std::string& path, const std::array<std::int64_t, 3>& size)
{
    auto header = NiftiHeader::read(path);
    if (!header)
        return header.error();
    for (int d = 0; d < 3; ++d)
        if (header->dim[d + 1] != size[d])
            return makeError(ErrorCode::CorruptData, path, "the header holds the wrong size");
    const std::string dataPath = niftiDataFile(path, *header);
    const std::int64_t bytes =
        header->voxOffset + header->frameVoxels() * header->frameCount() * header->bytesPerVoxel();
    return checkImageData(dataPath, 0, bytes, endsWithNoCase(dataPath, ".gz"));
}

} // namespace

Result<void> checkWrittenImage(const std::string& path, const std::array<std::int64_t, 3>& size)
{
    if (endsWithNoCase(path, ".nii") || endsWithNoCase(path, ".nii.gz") || endsWithNoCase(path, ".hdr"))
        return checkNifti(path, size);
    if (endsWithNoCase(path, ".mha") || endsWithNoCase(path, ".mhd"))
        return checkMetaImageData(path);
    if (endsWithNoCase(path, ".nrrd") || endsWithNoCase(path, ".nhdr"))
        return checkNrrdData(path);
    return makeError(ErrorCode::Internal, path, "no check for this kind of file");
}

int writeFailureReason(int savedErrno, const std::string& path)
{
    switch (savedErrno) {
    case ENOSPC:
    case EFBIG:
    case EDQUOT:
    case EIO:
    case EROFS:
    case EACCES:
    case EPERM:
        return savedErrno;
    default:
        break;
    }
    struct statvfs space {};
    if (::statvfs(path.c_str(), &space) == 0 && space.f_bavail == 0)
        return ENOSPC;
    rlimit limit{};
    const std::int64_t size = fileSize(path);
    if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && size >= 0 &&
        static_cast<rlim_t>(size) >= limit.rlim_cur)
        return EFBIG;
    return 0;
}

} // namespace delineate::io::detail
