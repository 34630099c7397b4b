#include "NiftiReader.h"

#include "GzFile.h"
#include "MemoryBudget.h"
#include "NiftiTransform.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>
#include <vector>

namespace delineate::io::detail {

namespace {

void swapBytes(std::vector<unsigned char>& bytes, int width)
{
    if (width <= 1)
        return;
    for (std::size_t i = 0; i + width <= bytes.size(); i += static_cast<std::size_t>(width))
        std::reverse(bytes.begin() + static_cast<std::ptrdiff_t>(i),
                     bytes.begin() + static_cast<std::ptrdiff_t>(i + width));
}

template <typename T>
void convert(const std::vector<unsigned char>& bytes, float* out, std::int64_t count, double slope,
             double inter)
{
    const bool scale = slope != 1.0 || inter != 0.0;
    for (std::int64_t n = 0; n < count; ++n) {
        T value;
        std::memcpy(&value, bytes.data() + n * sizeof(T), sizeof(T));
        const double v = static_cast<double>(value);
        out[n] = static_cast<float>(scale ? v * slope + inter : v);
    }
}

bool isSupportedScalar(int datatype)
{
    switch (datatype) {
    case kNiftiUInt8:
    case kNiftiInt8:
    case kNiftiUInt16:
    case kNiftiInt16:
    case kNiftiUInt32:
    case kNiftiInt32:
    case kNiftiUInt64:
    case kNiftiInt64:
    case kNiftiFloat32:
    case kNiftiFloat64:
        return true;
    default:
        return false;
    }
}

// Converts `count` stored voxels (file byte order) to float32 (3 per voxel for RGB24/RGBA32, alpha
// dropped) with scl_slope/scl_inter applied.
void convertSlab(const NiftiHeader& header, std::vector<unsigned char>& bytes, float* out, std::int64_t count)
{
    const int samples = header.samplesPerVoxel();
    if (samples > 1) {
        for (std::int64_t n = 0; n < count; ++n)
            for (int c = 0; c < 3; ++c)
                out[n * 3 + c] = bytes[static_cast<std::size_t>(n * samples + c)];
        return;
    }
    if (header.bigEndian != (std::endian::native == std::endian::big))
        swapBytes(bytes, header.bytesPerVoxel());
    const double slope = header.scaled() ? header.sclSlope : 1.0;
    const double inter = header.scaled() ? header.sclInter : 0.0;
    switch (header.datatype) {
    case kNiftiUInt8:
        convert<std::uint8_t>(bytes, out, count, slope, inter);
        break;
    case kNiftiInt8:
        convert<std::int8_t>(bytes, out, count, slope, inter);
        break;
    case kNiftiUInt16:
        convert<std::uint16_t>(bytes, out, count, slope, inter);
        break;
    case kNiftiInt16:
        convert<std::int16_t>(bytes, out, count, slope, inter);
        break;
    case kNiftiUInt32:
        convert<std::uint32_t>(bytes, out, count, slope, inter);
        break;
    case kNiftiInt32:
        convert<std::int32_t>(bytes, out, count, slope, inter);
        break;
    case kNiftiUInt64:
        convert<std::uint64_t>(bytes, out, count, slope, inter);
        break;
    case kNiftiInt64:
        convert<std::int64_t>(bytes, out, count, slope, inter);
        break;
    case kNiftiFloat32:
        convert<float>(bytes, out, count, slope, inter);
        break;
    case kNiftiFloat64:
        convert<double>(bytes, out, count, slope, inter);
        break;
    default:
        break;
    }
}

} // namespace

image::ComponentType niftiComponentType(const NiftiHeader& header)
{
    using image::ComponentType;
    if (header.scaled())
        return ComponentType::Float32;
    switch (header.datatype) {
    case kNiftiUInt8:
    case kNiftiRgb24:
    case kNiftiRgba32:
        return ComponentType::UInt8;
    case kNiftiInt8:
        return ComponentType::Int8;
    case kNiftiUInt16:
        return ComponentType::UInt16;
    case kNiftiInt16:
        return ComponentType::Int16;
    case kNiftiUInt32:
        return ComponentType::UInt32;
    case kNiftiInt32:
        return ComponentType::Int32;
    case kNiftiFloat32:
        return ComponentType::Float32;
    default:
        return ComponentType::Float64;
    }
}

Result<void> checkNiftiDataSize(const std::string& path, const NiftiHeader& header)
{
    const std::string dataPath = niftiDataFile(path, header);
    const std::int64_t size = fileSize(dataPath);
    if (size < 0)
        return makeError(ErrorCode::FileNotFound, dataPath, "image data file not found");
    const std::int64_t needed =
        header.voxOffset + header.frameVoxels() * header.frameCount() * header.bytesPerVoxel();
    if (endsWithNoCase(dataPath, ".gz")) {
        // Deflate expands at most ~1032:1, so a header promising more cannot be honest: refuse it before
        // allocating anything. The exact length is verified while reading.
        constexpr std::int64_t kMaxDeflateRatio = 1032;
        if (needed / kMaxDeflateRatio > size + 1024)
            return makeError(ErrorCode::CorruptData, dataPath,
                             "the header promises " + std::to_string(needed) + " bytes, more than a " +
                                 std::to_string(size) + "-byte compressed file can hold");
        return {};
    }
    if (size < needed)
        return makeError(ErrorCode::CorruptData, dataPath,
                         "file is truncated: the header promises " + std::to_string(needed) +
                             " bytes, the file has " + std::to_string(size));
    return {};
}

Result<image::Volume> readNiftiVolume(const std::string& path, const NiftiHeader& header, int frame,
                                      bool allowLarge)
{
    if (frame < 0 || frame >= header.frameCount())
        return makeError(ErrorCode::InvalidArgument, path,
                         "frame " + std::to_string(frame) + " requested, the file has " +
                             std::to_string(header.frameCount()));
    if (auto sized = checkNiftiDataSize(path, header); !sized)
        return sized.error();
    auto geometry = geometryFromHeader(header, path);
    if (!geometry)
        return geometry.error();
    const int samples = header.samplesPerVoxel();
    if (samples == 1 && !isSupportedScalar(header.datatype))
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "unsupported NIfTI datatype " + niftiDataTypeName(header.datatype));
    if (auto fits = checkDecodedSize(path, geometry->size, samples == 1 ? 1 : 3, allowLarge); !fits)
        return fits.error();
    auto created = image::Volume::create(*geometry, samples == 1 ? 1 : 3, niftiComponentType(header));
    if (!created) {
        Error error = created.error();
        error.path = path;
        return error;
    }
    image::Volume volume = std::move(created).value();

    const std::string dataPath = niftiDataFile(path, header);
    GzFile file;
    if (!file.open(dataPath, GzFile::Mode::Read))
        return makeError(ErrorCode::ReadFailed, dataPath, "cannot open: " + file.lastError());
    const int bytesPerVoxel = header.bytesPerVoxel();
    const std::int64_t voxels = header.frameVoxels();
    const std::int64_t frameBytes = voxels * bytesPerVoxel;
    if (!file.seek(header.voxOffset + frameBytes * frame))
        return makeError(ErrorCode::CorruptData, dataPath, "data ends before frame " + std::to_string(frame));
    // Read and convert a slab at a time: peak memory is the float volume plus one slab, not plus a
    // second copy of the frame in its stored type (3x the volume for float64 data).
    constexpr std::int64_t kSlabVoxels = std::int64_t(1) << 20;
    std::vector<unsigned char> bytes;
    for (std::int64_t first = 0; first < voxels; first += kSlabVoxels) {
        const std::int64_t count = std::min(kSlabVoxels, voxels - first);
        bytes.resize(static_cast<std::size_t>(count * bytesPerVoxel));
        const std::size_t got = file.read(bytes.data(), bytes.size());
        if (got != bytes.size())
            return makeError(ErrorCode::CorruptData, dataPath,
                             "image data is truncated or corrupt (read " +
                                 std::to_string(first * bytesPerVoxel + static_cast<std::int64_t>(got)) +
                                 " of " + std::to_string(frameBytes) + " bytes: " + file.lastError() + ")");
        convertSlab(header, bytes, volume.data() + first * (samples > 1 ? 3 : 1), count);
    }

    // A compressed stream is read to its end so that zlib checks its CRC and length: a damaged .nii.gz
    // must not load as silently wrong voxels.
    if (endsWithNoCase(dataPath, ".gz")) {
        std::vector<unsigned char> rest(1 << 16);
        while (true) {
            const std::size_t n = file.read(rest.data(), rest.size());
            if (n < rest.size())
                break;
        }
        if (!file.atCleanEnd())
            return makeError(ErrorCode::CorruptData, dataPath, file.lastError());
    }
    return volume;
}

} // namespace delineate::io::detail
