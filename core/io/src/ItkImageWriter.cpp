#include "ItkImageWriter.h"

#include "ItkImageReader.h"

#include <itkImage.h>
#include <itkImageFileWriter.h>
#include <itkRGBPixel.h>
#include <itkVector.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <sstream>
#include <vector>

namespace delineate::io::detail {

namespace {

using image::ComponentType;

template <typename Pixel, typename Fill>
void writeImage(const image::Geometry& geometry, const std::string& path, Fill fill)
{
    using ImageType = itk::Image<Pixel, 3>;
    auto itkImage = ImageType::New();
    typename ImageType::RegionType region;
    typename ImageType::SpacingType spacing;
    typename ImageType::PointType origin;
    typename ImageType::DirectionType direction;
    for (unsigned d = 0; d < 3; ++d) {
        region.SetIndex(d, 0);
        region.SetSize(d, static_cast<itk::SizeValueType>(geometry.size[d]));
        spacing[d] = geometry.spacing[d];
        origin[d] = geometry.origin[d];
        for (unsigned c = 0; c < 3; ++c)
            direction(d, c) = geometry.direction[d * 3 + c];
    }
    itkImage->SetRegions(region);
    itkImage->SetSpacing(spacing);
    itkImage->SetOrigin(origin);
    itkImage->SetDirection(direction);
    itkImage->Allocate();
    fill(itkImage->GetBufferPointer(), geometry.voxelCount());
    auto writer = itk::ImageFileWriter<ImageType>::New();
    writer->SetFileName(path);
    writer->SetInput(itkImage);
    writer->SetUseCompression(true);
    writer->Update();
}

template <typename T> void writeScalars(const image::Volume& volume, const std::string& path)
{
    writeImage<T>(volume.geometry(), path, [&](T* out, std::int64_t count) {
        const float* in = volume.data();
        for (std::int64_t n = 0; n < count; ++n)
            out[n] = static_cast<T>(in[n]);
    });
}

template <typename T> bool fitsType(const image::Volume& volume)
{
    const float* data = volume.data();
    const double lo = static_cast<double>(std::numeric_limits<T>::lowest());
    const double hi = static_cast<double>(std::numeric_limits<T>::max());
    for (std::size_t n = 0; n < volume.elementCount(); ++n) {
        const double v = data[n];
        if (!(v >= lo && v <= hi) || v != std::nearbyint(v))
            return false;
    }
    return true;
}

template <typename Action> Result<void> guarded(const std::string& path, Action action)
{
    registerItkImageIO();
    try {
        action();
        return {};
    } catch (const itk::ExceptionObject& e) {
        return makeError(ErrorCode::WriteFailed, path,
                         "the image writer failed: " + itkMessage(e.GetDescription()));
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, path, "not enough memory for the image");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::WriteFailed, path, "the image writer failed: " + itkMessage(e.what()));
    } catch (...) {
        return makeError(ErrorCode::WriteFailed, path, "the image writer failed (unknown error)");
    }
}

} // namespace

// ITK's description in one line without its noise: "ITK ERROR: NrrdImageIO(0x...): " prefixes, "[nrrd]
// _nrrdGzWrite: " call chains and lines that only name a function are dropped, repeats kept once.
std::string itkMessage(const std::string& description)
{
    std::vector<std::string> parts;
    std::istringstream lines(description);
    std::string line;
    while (std::getline(lines, line)) {
        if (const auto error = line.find("ERROR: "); error != std::string::npos)
            if (const auto close = line.find("): ", error); close != std::string::npos)
                line = line.substr(close + 3);
        if (line.rfind("[nrrd] ", 0) == 0)
            line = line.substr(7);
        if (!line.empty() && (line[0] == '_' || line.rfind("nrrd", 0) == 0))
            if (const auto colon = line.find(": "); colon != std::string::npos)
                line = line.substr(colon + 2);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
            line.pop_back();
        if (line.empty() || line.back() == ':' || std::find(parts.begin(), parts.end(), line) != parts.end())
            continue;
        parts.push_back(line);
    }
    std::string text;
    for (const std::string& part : parts)
        text += (text.empty() ? "" : "; ") + part;
    return text.empty() ? "unknown error" : text;
}

ComponentType losslessType(const image::Volume& volume)
{
    switch (volume.sourceType) {
    case ComponentType::UInt8:
        return fitsType<std::uint8_t>(volume) ? ComponentType::UInt8 : ComponentType::Float32;
    case ComponentType::Int8:
        return fitsType<std::int8_t>(volume) ? ComponentType::Int8 : ComponentType::Float32;
    case ComponentType::UInt16:
        return fitsType<std::uint16_t>(volume) ? ComponentType::UInt16 : ComponentType::Float32;
    case ComponentType::Int16:
        return fitsType<std::int16_t>(volume) ? ComponentType::Int16 : ComponentType::Float32;
    case ComponentType::UInt32:
        return fitsType<std::uint32_t>(volume) ? ComponentType::UInt32 : ComponentType::Float32;
    case ComponentType::Int32:
        return fitsType<std::int32_t>(volume) ? ComponentType::Int32 : ComponentType::Float32;
    default:
        return ComponentType::Float32;
    }
}

Result<void> writeVolumeWithItk(const image::Volume& volume, const std::string& path)
{
    if (volume.empty())
        return makeError(ErrorCode::InvalidArgument, path, "the volume is empty");
    const ComponentType type = losslessType(volume);
    return guarded(path, [&] {
        if (volume.isRgb()) {
            if (type == ComponentType::UInt8) {
                using Rgb = itk::RGBPixel<unsigned char>;
                writeImage<Rgb>(volume.geometry(), path, [&](Rgb* out, std::int64_t count) {
                    for (std::int64_t n = 0; n < count; ++n)
                        for (unsigned c = 0; c < 3; ++c)
                            out[n][c] = static_cast<unsigned char>(volume.data()[n * 3 + c]);
                });
            } else {
                using Vector = itk::Vector<float, 3>;
                writeImage<Vector>(volume.geometry(), path, [&](Vector* out, std::int64_t count) {
                    for (std::int64_t n = 0; n < count; ++n)
                        for (unsigned c = 0; c < 3; ++c)
                            out[n][c] = volume.data()[n * 3 + c];
                });
            }
            return;
        }
        switch (type) {
        case ComponentType::UInt8:
            writeScalars<std::uint8_t>(volume, path);
            break;
        case ComponentType::Int8:
            writeScalars<std::int8_t>(volume, path);
            break;
        case ComponentType::UInt16:
            writeScalars<std::uint16_t>(volume, path);
            break;
        case ComponentType::Int16:
            writeScalars<std::int16_t>(volume, path);
            break;
        case ComponentType::UInt32:
            writeScalars<std::uint32_t>(volume, path);
            break;
        case ComponentType::Int32:
            writeScalars<std::int32_t>(volume, path);
            break;
        default:
            writeScalars<float>(volume, path);
            break;
        }
    });
}

Result<void> writeLabelsWithItk(const image::LabelMap& labels, bool eightBit, const std::string& path)
{
    if (labels.empty())
        return makeError(ErrorCode::InvalidArgument, path, "the label map is empty");
    return guarded(path, [&] {
        auto copy = [&](auto* out, std::int64_t count) {
            using Out = std::remove_pointer_t<decltype(out)>;
            for (std::int64_t n = 0; n < count; ++n)
                out[n] = static_cast<Out>(labels.data()[n]);
        };
        if (eightBit)
            writeImage<std::uint8_t>(labels.geometry(), path, copy);
        else
            writeImage<std::uint16_t>(labels.geometry(), path, copy);
    });
}

} // namespace delineate::io::detail
