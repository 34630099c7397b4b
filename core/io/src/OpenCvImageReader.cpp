#include "OpenCvImageReader.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <filesystem>
#include <new>
#include <vector>

namespace delineate::io::detail {

namespace {

using image::ComponentType;

Result<ComponentType> componentType(int depth, const std::string& path)
{
    switch (depth) {
    case CV_8U:
        return ComponentType::UInt8;
    case CV_8S:
        return ComponentType::Int8;
    case CV_16U:
        return ComponentType::UInt16;
    case CV_16S:
        return ComponentType::Int16;
    case CV_32S:
        return ComponentType::Int32;
    case CV_32F:
        return ComponentType::Float32;
    case CV_64F:
        return ComponentType::Float64;
    default:
        return makeError(ErrorCode::UnsupportedFormat, path, "unsupported pixel depth");
    }
}

// Pages of one size, depth and channel count become the slices of one volume (one page: a 2D image).
Result<image::Volume> toVolume(const std::vector<cv::Mat>& pages, const std::string& path)
{
    const cv::Mat& first = pages.front();
    const int channels = first.channels();
    if (channels < 1 || channels > 4)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "images with " + std::to_string(channels) + " channels are not supported");
    auto type = componentType(first.depth(), path);
    if (!type)
        return type.error();

    image::Geometry geometry;
    geometry.size = {first.cols, first.rows, std::int64_t(pages.size())};
    geometry.physicalSpacing = false;
    const bool colour = channels >= 3;
    auto created = image::Volume::create(geometry, colour ? 3 : 1, *type);
    if (!created)
        return makeError(created.error().code, path, created.error().detail);
    image::Volume volume = std::move(created).value();
    float* out = volume.data();
    for (const cv::Mat& page : pages) {
        cv::Mat samples;
        page.convertTo(samples, CV_MAKETYPE(CV_32F, channels));
        for (int y = 0; y < samples.rows; ++y) {
            const float* row = samples.ptr<float>(y);
            for (int x = 0; x < samples.cols; ++x) {
                const float* pixel = row + static_cast<std::ptrdiff_t>(x) * channels;
                if (colour) { // BGR(A) → RGB
                    out[0] = pixel[2];
                    out[1] = pixel[1];
                    out[2] = pixel[0];
                    out += 3;
                } else { // grey (+ alpha)
                    *out++ = pixel[0];
                }
            }
        }
    }
    volume.description = std::filesystem::path(path).filename().string();
    volume.notes.emplace_back("no physical pixel spacing: distances are in pixels");
    if (channels == 2 || channels == 4)
        volume.notes.emplace_back("alpha channel ignored");
    return volume;
}

bool samePage(const cv::Mat& a, const cv::Mat& b)
{
    return a.cols == b.cols && a.rows == b.rows && a.type() == b.type();
}

// A multi-page file (TIFF): every page when they share size and type (a stack of slices), else the first
// page with a note. The size is checked on the first page before the others are decoded.
Result<image::Volume> readPages(const std::string& path, std::size_t count)
{
    std::vector<cv::Mat> pages;
    if (!cv::imreadmulti(path, pages, 0, 1, cv::IMREAD_UNCHANGED) || pages.empty() || pages.front().empty())
        return makeError(ErrorCode::CorruptData, path,
                         "the picture cannot be decoded (corrupt or unsupported)");
    const double elements = double(pages.front().total()) * pages.front().channels() * double(count);
    if (elements > double(image::kMaxElements))
        return makeError(ErrorCode::TooLarge, path,
                         std::to_string(count) + " pages of " + std::to_string(pages.front().cols) + " x " +
                             std::to_string(pages.front().rows) + " are too large to load");
    std::vector<cv::Mat> all;
    const bool decoded = cv::imreadmulti(path, all, cv::IMREAD_UNCHANGED) && all.size() == count;
    const bool uniform = decoded && std::all_of(all.begin(), all.end(), [&](const cv::Mat& page) {
                             return samePage(page, pages.front());
                         });
    auto volume = toVolume(uniform ? all : pages, path);
    if (!volume)
        return volume;
    if (uniform) {
        volume->notes.push_back(std::to_string(count) +
                                " pages stacked as slices; slice spacing unknown (1 pixel assumed)");
    } else {
        volume->notes.push_back(
            "page 1 of " + std::to_string(count) +
            " only: " + (decoded ? "the pages differ in size or type" : "the other pages cannot be decoded"));
    }
    return volume;
}

} // namespace

Result<image::Volume> readWithOpenCv(const std::string& path)
{
    try {
        const std::size_t pages = cv::imcount(path, cv::IMREAD_UNCHANGED);
        if (pages > 1)
            return readPages(path, pages);
        const cv::Mat decoded = cv::imread(path, cv::IMREAD_UNCHANGED);
        if (decoded.empty() || decoded.dims != 2)
            return makeError(ErrorCode::CorruptData, path,
                             "the picture cannot be decoded (corrupt or unsupported)");
        return toVolume({decoded}, path);
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::CorruptData, path, "cannot decode the picture: " + e.msg);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, path, "not enough memory to decode the picture");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptData, path, std::string("cannot decode the picture: ") + e.what());
    }
}

} // namespace delineate::io::detail
