#include "io/PngWriter.h"

#include "PngEncoder.h"
#include "base/AtomicFile.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace delineate::io {

namespace detail {

Result<std::vector<unsigned char>> encodePng(const void* pixels, int width, int height, int components,
                                             bool sixteenBit, const std::string& path)
{
    if (width <= 0 || height <= 0 || (components != 1 && components != 3))
        return makeError(ErrorCode::InvalidArgument, path,
                         "cannot write a PNG of this size or these components");
    try {
        const int type = CV_MAKETYPE(sixteenBit ? CV_16U : CV_8U, components);
        const cv::Mat picture(height, width, type, const_cast<void*>(pixels));
        cv::Mat bgr;
        if (components == 3)
            cv::cvtColor(picture, bgr, cv::COLOR_RGB2BGR); // OpenCV encodes BGR
        std::vector<unsigned char> bytes;
        if (!cv::imencode(".png", components == 3 ? bgr : picture, bytes) || bytes.empty())
            return makeError(ErrorCode::WriteFailed, path, "cannot write: the PNG encoder failed");
        return bytes;
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::WriteFailed, path, "cannot write: the PNG encoder failed: " + e.err);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, path, "cannot write: not enough memory to encode the PNG");
    }
}

} // namespace detail

Result<void> savePng(const image::Image2D<std::uint8_t>& picture, const std::string& path)
{
    if (picture.pixels.size() !=
        std::size_t(picture.width) * std::size_t(picture.height) * std::size_t(picture.components))
        return makeError(ErrorCode::InvalidArgument, path,
                         "cannot write: the picture's pixels do not match its size");
    auto bytes = detail::encodePng(picture.pixels.data(), picture.width, picture.height, picture.components,
                                   false, path);
    if (!bytes)
        return bytes.error();
    return writeFileAtomically(path,
                               std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
}

} // namespace delineate::io
