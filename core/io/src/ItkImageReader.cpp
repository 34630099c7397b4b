#include "ItkImageReader.h"

#include "ItkImageWriter.h"

#include <itkImageIOBase.h>
#include <itkImageIOFactory.h>
#include <itkMetaImageIOFactory.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIOFactory.h>

#include <cmath>
#include <cstring>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

namespace delineate::io::detail {

namespace {

using Component = itk::IOComponentEnum;

template <typename T>
void convertSamples(const std::vector<char>& bytes, std::int64_t voxels, int samples, float* out)
{
    const int kept = samples == 1 ? 1 : 3;
    for (std::int64_t n = 0; n < voxels; ++n)
        for (int c = 0; c < kept; ++c) {
            T value;
            std::memcpy(&value, bytes.data() + (n * samples + c) * sizeof(T), sizeof(T));
            out[n * kept + c] = static_cast<float>(value);
        }
}

bool convert(Component type, const std::vector<char>& bytes, std::int64_t voxels, int samples, float* out)
{
    switch (type) {
    case Component::UCHAR:
        convertSamples<unsigned char>(bytes, voxels, samples, out);
        return true;
    case Component::CHAR:
        convertSamples<signed char>(bytes, voxels, samples, out);
        return true;
    case Component::USHORT:
        convertSamples<unsigned short>(bytes, voxels, samples, out);
        return true;
    case Component::SHORT:
        convertSamples<short>(bytes, voxels, samples, out);
        return true;
    case Component::UINT:
        convertSamples<unsigned int>(bytes, voxels, samples, out);
        return true;
    case Component::INT:
        convertSamples<int>(bytes, voxels, samples, out);
        return true;
    case Component::ULONG:
        convertSamples<unsigned long>(bytes, voxels, samples, out);
        return true;
    case Component::LONG:
        convertSamples<long>(bytes, voxels, samples, out);
        return true;
    case Component::ULONGLONG:
        convertSamples<unsigned long long>(bytes, voxels, samples, out);
        return true;
    case Component::LONGLONG:
        convertSamples<long long>(bytes, voxels, samples, out);
        return true;
    case Component::FLOAT:
        convertSamples<float>(bytes, voxels, samples, out);
        return true;
    case Component::DOUBLE:
        convertSamples<double>(bytes, voxels, samples, out);
        return true;
    default:
        return false;
    }
}

image::ComponentType componentType(Component type)
{
    using image::ComponentType;
    switch (type) {
    case Component::UCHAR:
        return ComponentType::UInt8;
    case Component::CHAR:
        return ComponentType::Int8;
    case Component::USHORT:
        return ComponentType::UInt16;
    case Component::SHORT:
        return ComponentType::Int16;
    case Component::UINT:
        return ComponentType::UInt32;
    case Component::INT:
        return ComponentType::Int32;
    case Component::FLOAT:
        return ComponentType::Float32;
    default:
        return ComponentType::Float64;
    }
}

Result<ItkReadResult> readInformationAndPixels(itk::ImageIOBase& io, const std::string& path, int frame)
{
    io.SetFileName(path);
    io.ReadImageInformation();
    const unsigned dimensions = io.GetNumberOfDimensions();
    if (dimensions < 2 || dimensions > 4)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         std::to_string(dimensions) + "-dimensional images are not supported (2D, 3D or 4D)");
    const int samples = static_cast<int>(io.GetNumberOfComponents());
    if (samples != 1 && samples != 3 && samples != 4)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "pixels with " + std::to_string(samples) +
                             " components are not supported (1, 3 or 4)");
    std::int64_t total = 1;
    for (unsigned d = 0; d < dimensions; ++d) {
        const auto size = static_cast<std::int64_t>(io.GetDimensions(d));
        if (size < 1 || size > image::kMaxElements || total > image::kMaxElements / size)
            return makeError(ErrorCode::TooLarge, path, "image dimensions are absurd or too large");
        total *= size;
    }
    ItkReadResult result;
    result.frameCount = dimensions == 4 ? static_cast<int>(io.GetDimensions(3)) : 1;
    if (frame < 0 || frame >= result.frameCount)
        return makeError(ErrorCode::InvalidArgument, path,
                         "frame " + std::to_string(frame) + " requested, the file has " +
                             std::to_string(result.frameCount));

    image::Geometry geometry;
    const unsigned spatial = std::min(dimensions, 3u);
    for (unsigned d = 0; d < spatial; ++d) {
        geometry.size[d] = static_cast<std::int64_t>(io.GetDimensions(d));
        geometry.spacing[d] = io.GetSpacing(d);
        geometry.origin[d] = io.GetOrigin(d);
        const std::vector<double> axis = io.GetDirection(d);
        for (unsigned r = 0; r < spatial && r < axis.size(); ++r)
            geometry.direction[r * 3 + d] = axis[r];
    }
    if (dimensions == 2) // complete a 2D direction with the in-plane normal
        geometry.direction = {geometry.direction[0],
                              geometry.direction[1],
                              0,
                              geometry.direction[3],
                              geometry.direction[4],
                              0,
                              0,
                              0,
                              1};
    for (int n = 0; n < 9; ++n)
        if (!std::isfinite(geometry.direction[n]) || (n < 3 && !std::isfinite(geometry.origin[n])))
            return makeError(ErrorCode::InvalidGeometry, path, "origin or direction is not a finite number");
    auto created =
        image::Volume::create(geometry, samples == 1 ? 1 : 3, componentType(io.GetComponentType()));
    if (!created)
        return makeError(created.error().code, path, created.error().detail);
    result.volume = std::move(created).value();

    // Read one frame where the IO can stream, else the whole image.
    const bool streamFrame = dimensions == 4 && io.CanStreamRead();
    itk::ImageIORegion region(dimensions);
    for (unsigned d = 0; d < dimensions; ++d) {
        region.SetIndex(d, 0);
        region.SetSize(d, io.GetDimensions(d));
    }
    if (streamFrame) {
        region.SetIndex(3, frame);
        region.SetSize(3, 1);
    }
    io.SetIORegion(region);
    const std::int64_t frameVoxels = geometry.voxelCount();
    const std::int64_t readVoxels = streamFrame ? frameVoxels : total;
    std::vector<char> bytes(static_cast<std::size_t>(readVoxels * samples) * io.GetComponentSize());
    io.Read(bytes.data());
    if (!streamFrame && frame > 0) {
        const std::size_t frameBytes =
            static_cast<std::size_t>(frameVoxels * samples) * io.GetComponentSize();
        bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(frameBytes * frame));
    }
    if (!convert(io.GetComponentType(), bytes, frameVoxels, samples, result.volume.data()))
        return makeError(ErrorCode::UnsupportedFormat, path,
                         std::string("unsupported pixel component type ") +
                             itk::ImageIOBase::GetComponentTypeAsString(io.GetComponentType()));
    return result;
}

} // namespace

void registerItkImageIO()
{
    static std::once_flag once;
    std::call_once(once, [] {
        itk::NiftiImageIOFactory::RegisterOneFactory();
        itk::MetaImageIOFactory::RegisterOneFactory();
        itk::NrrdImageIOFactory::RegisterOneFactory();
    });
}

namespace {

// Runs `read` on the ImageIO ITK picks for `path`; ITK exceptions and bad_alloc become one-line errors.
template <typename Read>
auto guardedItkRead(const std::string& path, Read read) -> decltype(read(std::declval<itk::ImageIOBase&>()))
{
    registerItkImageIO();
    try {
        itk::ImageIOBase::Pointer io =
            itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::IOFileModeEnum::ReadMode);
        if (!io)
            return makeError(ErrorCode::UnsupportedFormat, path,
                             "no reader recognises this file or it is unreadable");
        return read(*io);
    } catch (const itk::ExceptionObject& e) {
        return makeError(ErrorCode::CorruptData, path,
                         "cannot read the image: " + itkMessage(e.GetDescription()));
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, path, "not enough memory to read the image");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptData, path, "cannot read the image: " + itkMessage(e.what()));
    } catch (...) {
        return makeError(ErrorCode::CorruptData, path, "cannot read the image (unknown error)");
    }
}

} // namespace

Result<ItkDeclaredSize> readItkDeclaredSize(const std::string& path)
{
    return guardedItkRead(path, [&](itk::ImageIOBase& io) -> Result<ItkDeclaredSize> {
        io.SetFileName(path);
        io.ReadImageInformation();
        ItkDeclaredSize declared;
        const unsigned spatial = std::min(io.GetNumberOfDimensions(), 3u);
        for (unsigned d = 0; d < spatial; ++d)
            declared.size[d] = static_cast<std::int64_t>(io.GetDimensions(d));
        declared.components = io.GetNumberOfComponents() == 1 ? 1 : 3;
        return declared;
    });
}

Result<ItkReadResult> readWithItk(const std::string& path, int frame)
{
    return guardedItkRead(path,
                          [&](itk::ImageIOBase& io) { return readInformationAndPixels(io, path, frame); });
}

} // namespace delineate::io::detail
