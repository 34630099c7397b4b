#include "dicom/SeriesLoader.h"

#include "base/ParallelFor.h"
#include "detail/DicomFileReader.h"
#include "detail/ImageHeader.h"
#include "detail/PixelDecoder.h"
#include "detail/StackLayout.h"
#include "detail/TiltCorrection.h"

#include <dcmtk/dcmdata/dcfilefo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>

namespace delineate::dicom {

namespace {

using detail::DicomFile;
using detail::ImageHeader;
using image::ComponentType;

struct OpenedSeries {
    std::vector<DicomFile> files;
    std::vector<ImageHeader> headers;
};

std::string describeSize(const ImageHeader& h)
{
    return std::to_string(h.columns) + " x " + std::to_string(h.rows) + (h.isColor() ? " RGB" : "");
}

// Parsing the files is most of a series' load time: they are read on several threads, then checked in
// file order (the first problem by file order is the one reported, whatever the scheduling).
Result<OpenedSeries> openSeries(const SeriesInfo& series)
{
    struct Slot {
        std::optional<Result<DicomFile>> file;
        std::optional<Result<ImageHeader>> header;
    };
    std::vector<Slot> slots(series.files.size());
    parallelFor(series.files.size(), [&](std::size_t i) {
        const std::string& path = series.files[i];
        slots[i].file = detail::readDicomFile(path, detail::ReadDepth::Header);
        if (*slots[i].file)
            slots[i].header =
                detail::readImageHeader((*slots[i].file)->dataset(), path, (*slots[i].file)->dataBytes);
        if (*slots[i].file && *slots[i].header && !(*slots[i].file)->note.empty())
            (*slots[i].header)->notes.push_back((*slots[i].file)->note);
    });
    OpenedSeries opened;
    for (std::size_t i = 0; i < slots.size(); ++i) {
        const std::string& path = series.files[i];
        Result<DicomFile>& file = *slots[i].file;
        if (!file)
            return file.error();
        Result<ImageHeader>& header = *slots[i].header;
        if (!header)
            return header.error();
        const ImageHeader& first = opened.headers.empty() ? *header : opened.headers.front();
        if (header->rows != first.rows || header->columns != first.columns ||
            header->isColor() != first.isColor())
            return makeError(ErrorCode::SizeMismatch, path,
                             "image is " + describeSize(*header) + " but the series starts with " +
                                 describeSize(first) + " (mixed image sizes)");
        opened.files.push_back(std::move(file).value());
        opened.headers.push_back(std::move(header).value());
    }
    return opened;
}

bool isInteger(double value)
{
    return std::abs(value - std::round(value)) < 1e-6;
}

ComponentType storedType(const ImageHeader& h)
{
    const bool isSigned = h.pixelRepresentation == 1;
    if (h.bitsAllocated <= 8)
        return isSigned ? ComponentType::Int8 : ComponentType::UInt8;
    if (h.bitsAllocated <= 16)
        return isSigned ? ComponentType::Int16 : ComponentType::UInt16;
    return isSigned ? ComponentType::Int32 : ComponentType::UInt32;
}

// The smallest integer type holding [lo, hi].
ComponentType integerTypeFor(double lo, double hi)
{
    if (lo >= 0 && hi <= 255)
        return ComponentType::UInt8;
    if (lo >= -128 && hi <= 127)
        return ComponentType::Int8;
    if (lo >= 0 && hi <= 65535)
        return ComponentType::UInt16;
    if (lo >= -32768 && hi <= 32767)
        return ComponentType::Int16;
    if (lo >= 0)
        return ComponentType::UInt32;
    return ComponentType::Int32;
}

// The type the values need: the stored type without rescaling, Float32 for non-integer rescaling, else
// the smallest integer type holding the loaded values.
ComponentType sourceTypeOf(const OpenedSeries& opened, const image::Volume& volume, int colorDepth)
{
    if (volume.isRgb())
        return colorDepth <= 8 ? ComponentType::UInt8
                               : (colorDepth <= 16 ? ComponentType::UInt16 : ComponentType::UInt32);
    bool identity = true;
    for (const ImageHeader& h : opened.headers)
        for (const detail::FrameGeometry& g : h.frameGeometry) {
            if (!isInteger(g.rescaleSlope) || !isInteger(g.rescaleIntercept))
                return ComponentType::Float32;
            identity = identity && g.rescaleSlope == 1.0 && g.rescaleIntercept == 0.0;
        }
    if (identity && opened.headers.front().photometric != "MONOCHROME1")
        return storedType(opened.headers.front());
    const auto [lo, hi] = volume.range();
    return integerTypeFor(lo, hi);
}

void addNote(image::Volume& volume, const std::string& note)
{
    if (std::find(volume.notes.begin(), volume.notes.end(), note) == volume.notes.end())
        volume.notes.push_back(note);
}

void describe(image::Volume& volume, const SeriesInfo& series, const OpenedSeries& opened,
              const detail::StackLayout& layout)
{
    const ImageHeader& first = opened.headers.front();
    volume.modality = first.modality;
    volume.description =
        !series.seriesDescription.empty() ? series.seriesDescription : first.seriesDescription;
    if (volume.description.empty())
        volume.description = std::filesystem::path(first.path).filename().string();
    volume.frameKind = layout.frameKind;
    if (layout.frameKind == image::FrameKind::Temporal) {
        volume.frameTimeMs = first.frameTimeMs;
        char frameTime[48] = "frame time unknown";
        if (first.frameTimeMs > 0)
            std::snprintf(frameTime, sizeof frameTime, "frame time %.4g ms", first.frameTimeMs);
        addNote(volume, "cine: " + std::to_string(first.frames) + " frames, " + frameTime);
    }
    if (first.photometric == "MONOCHROME1")
        addNote(volume, "MONOCHROME1 inverted so that bright means dense");
    if (first.isColor() && first.photometric != "RGB")
        addNote(volume, first.photometric + " converted to RGB");
    for (const std::string& note : series.notes)
        addNote(volume, note);
    for (const ImageHeader& h : opened.headers)
        for (const std::string& note : h.notes)
            addNote(volume, note);
    for (const std::string& note : layout.notes)
        addNote(volume, note);
}

std::string seriesPath(const SeriesInfo& series)
{
    if (series.files.size() == 1)
        return series.files.front();
    return std::filesystem::path(series.files.front()).parent_path().string();
}

Result<detail::StackLayout> layoutOf(const OpenedSeries& opened, const SeriesInfo& series)
{
    std::vector<detail::StackFrame> frames;
    for (std::size_t i = 0; i < opened.headers.size(); ++i)
        for (int f = 0; f < opened.headers[i].frames; ++f)
            frames.push_back({&opened.headers[i].frameGeometry[std::size_t(f)], i, f});
    detail::StackHints hints;
    hints.columns = opened.headers.front().columns;
    hints.rows = opened.headers.front().rows;
    hints.spacingBetweenSlices = opened.headers.front().spacingBetweenSlices;
    hints.singleFile = opened.headers.size() == 1;
    hints.path = seriesPath(series);
    return detail::layoutStack(frames, hints);
}

// Decodes every file into its sorted slots, releasing each file's data once decoded.
Result<int> decodeInto(image::Volume& volume, OpenedSeries& opened, const detail::StackLayout& layout)
{
    std::vector<std::size_t> firstFrameIndex; // index of file i's first frame in the layout input
    std::size_t next = 0;
    for (const ImageHeader& h : opened.headers) {
        firstFrameIndex.push_back(next);
        next += std::size_t(h.frames);
    }
    std::vector<std::size_t> slotOf(next);
    for (std::size_t k = 0; k < layout.order.size(); ++k)
        slotOf[layout.order[k]] = layout.gridSlice.empty() ? k : std::size_t(layout.gridSlice[k]);
    const std::size_t frameElements = std::size_t(volume.rows() * volume.columns() * volume.components());
    // Each file decodes into its own frames of the volume, on several threads; errors by file order.
    std::vector<std::optional<Result<detail::DecodedInfo>>> decoded(opened.files.size());
    parallelFor(opened.files.size(), [&](std::size_t i) {
        std::vector<float*> destinations;
        destinations.reserve(static_cast<std::size_t>(std::max(opened.headers[i].frames, 0)));
        for (int f = 0; f < opened.headers[i].frames; ++f)
            destinations.push_back(volume.data() +
                                   slotOf[firstFrameIndex[i] + std::size_t(f)] * frameElements);
        decoded[i] = detail::decodeFrames(opened.files[i], opened.headers[i], destinations);
        opened.files[i].format.reset(); // the file's memory goes as soon as its frames are out
    });
    int colorDepth = 0;
    for (const auto& result : decoded) {
        if (!*result)
            return result->error();
        colorDepth = (*result)->colorDepth;
    }
    return colorDepth;
}

// The grid slices no file filled (`missing`) take the lowest value of the others (0 in colour images).
void fillMissingSlices(image::Volume& volume, const std::vector<std::int64_t>& missing)
{
    volume.missingSlices = missing;
    const auto sliceElements = std::size_t(volume.rows() * volume.columns() * volume.components());
    float lowest = 0.0f;
    if (!volume.isRgb()) {
        lowest = std::numeric_limits<float>::max();
        for (std::int64_t k = 0; k < volume.slices(); ++k)
            if (!volume.isMissingSlice(k))
                for (std::size_t n = 0; n < sliceElements; ++n)
                    lowest = std::min(lowest, volume.data()[std::size_t(k) * sliceElements + n]);
    }
    for (std::int64_t k : missing)
        std::fill_n(volume.data() + std::size_t(k) * sliceElements, sliceElements, lowest);
}

Result<image::Volume> loadSeriesUnguarded(const SeriesInfo& series)
{
    if (series.files.empty())
        return makeError(ErrorCode::InvalidArgument, "", "the series has no files");
    auto opened = openSeries(series);
    if (!opened)
        return opened.error();
    auto layout = layoutOf(*opened, series);
    if (!layout)
        return layout.error();
    const bool tilted = !layout->sliceShift.empty();
    image::Geometry acquiredGrid = layout->geometry;
    if (tilted) {
        acquiredGrid.size[0] = layout->acquiredSize[0];
        acquiredGrid.size[1] = layout->acquiredSize[1];
    }
    auto volume = image::Volume::create(acquiredGrid, opened->headers.front().isColor() ? 3 : 1);
    if (!volume) {
        Error error = volume.error();
        error.path = seriesPath(series);
        return error;
    }
    auto colorDepth = decodeInto(*volume, *opened, *layout);
    if (!colorDepth)
        return colorDepth.error();
    if (!layout->missingSlices.empty())
        fillMissingSlices(*volume, layout->missingSlices);
    volume->sourceType = sourceTypeOf(*opened, *volume, *colorDepth);
    if (tilted) {
        auto straightened = detail::straightenSlices(*volume, *layout);
        if (!straightened)
            return straightened.error();
        volume = std::move(straightened);
    }
    describe(*volume, series, *opened, *layout);
    return std::move(volume).value();
}

} // namespace

Result<image::Volume> loadSeries(const SeriesInfo& series)
{
    // Nothing may escape the API: DCMTK and its codecs can throw on corrupt input.
    const std::string path = series.files.empty() ? std::string() : seriesPath(series);
    try {
        return loadSeriesUnguarded(series);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, path, "not enough memory to load the series");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptData, path,
                         std::string("unexpected failure while reading: ") + e.what());
    } catch (...) {
        return makeError(ErrorCode::CorruptData, path, "unexpected failure while reading");
    }
}

Result<image::Volume> loadFile(const std::string& path)
{
    SeriesInfo series;
    series.files.push_back(path);
    return loadSeries(series);
}

} // namespace delineate::dicom
