#include "detail/Jpeg2000Decoder.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <openjpeg.h>

namespace delineate::dicom::detail {

namespace {

struct MemoryStream {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    std::size_t position = 0;
};

OPJ_SIZE_T readBytes(void* buffer, OPJ_SIZE_T count, void* user)
{
    auto* stream = static_cast<MemoryStream*>(user);
    if (stream->position >= stream->size)
        return static_cast<OPJ_SIZE_T>(-1);
    const std::size_t n = std::min<std::size_t>(count, stream->size - stream->position);
    std::memcpy(buffer, stream->data + stream->position, n);
    stream->position += n;
    return n;
}

OPJ_OFF_T skipBytes(OPJ_OFF_T count, void* user)
{
    auto* stream = static_cast<MemoryStream*>(user);
    const auto target =
        std::clamp<OPJ_OFF_T>(OPJ_OFF_T(stream->position) + count, 0, OPJ_OFF_T(stream->size));
    const OPJ_OFF_T skipped = target - OPJ_OFF_T(stream->position);
    stream->position = std::size_t(target);
    return skipped;
}

OPJ_BOOL seekTo(OPJ_OFF_T offset, void* user)
{
    auto* stream = static_cast<MemoryStream*>(user);
    if (offset < 0 || std::size_t(offset) > stream->size)
        return OPJ_FALSE;
    stream->position = std::size_t(offset);
    return OPJ_TRUE;
}

void keepLastMessage(const char* message, void* user)
{
    auto* last = static_cast<std::string*>(user);
    *last = message ? message : "";
    while (!last->empty() && (last->back() == '\n' || last->back() == ' '))
        last->pop_back();
}

void ignoreMessage(const char*, void*)
{
}

bool isJp2File(const std::uint8_t* data, std::size_t size)
{
    static const std::uint8_t signature[] = {0, 0, 0, 0x0c, 'j', 'P', ' ', ' '};
    return size >= sizeof signature && std::memcmp(data, signature, sizeof signature) == 0;
}

struct Decoder {
    opj_codec_t* codec = nullptr;
    opj_stream_t* stream = nullptr;
    opj_image_t* image = nullptr;
    ~Decoder()
    {
        if (image)
            opj_image_destroy(image);
        if (stream)
            opj_stream_destroy(stream);
        if (codec)
            opj_destroy_codec(codec);
    }
};

Result<Jpeg2000Frame> collect(const opj_image_t& image, const std::string& path)
{
    if (image.numcomps != 1 && image.numcomps != 3)
        return makeError(ErrorCode::UnsupportedFormat, path,
                         "JPEG 2000 frame has " + std::to_string(image.numcomps) +
                             " components (1 or 3 supported)");
    Jpeg2000Frame frame;
    frame.components = int(image.numcomps);
    frame.columns = int(image.comps[0].w);
    frame.rows = int(image.comps[0].h);
    frame.precision = int(image.comps[0].prec);
    frame.isSigned = image.comps[0].sgnd != 0;
    for (OPJ_UINT32 c = 0; c < image.numcomps; ++c) {
        const opj_image_comp_t& comp = image.comps[c];
        if (!comp.data || comp.w != image.comps[0].w || comp.h != image.comps[0].h || comp.dx != 1 ||
            comp.dy != 1)
            return makeError(ErrorCode::UnsupportedFormat, path, "JPEG 2000 frame has subsampled components");
    }
    const std::size_t pixels = std::size_t(frame.columns) * std::size_t(frame.rows);
    frame.samples.resize(pixels * image.numcomps);
    for (std::size_t p = 0; p < pixels; ++p)
        for (OPJ_UINT32 c = 0; c < image.numcomps; ++c)
            frame.samples[p * image.numcomps + c] = image.comps[c].data[p];
    return frame;
}

} // namespace

bool jpeg2000Available()
{
    return true;
}

Result<Jpeg2000Frame> decodeJpeg2000(const std::uint8_t* data, std::size_t size, int columns, int rows,
                                     const std::string& path)
{
    if (!data || size < 8)
        return makeError(ErrorCode::CorruptData, path, "JPEG 2000 frame is empty");
    MemoryStream memory{data, size, 0};
    Decoder decoder;
    decoder.codec = opj_create_decompress(isJp2File(data, size) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
    decoder.stream = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);
    if (!decoder.codec || !decoder.stream)
        return makeError(ErrorCode::Internal, path, "cannot create a JPEG 2000 decoder");
    std::string lastError;
    opj_set_error_handler(decoder.codec, keepLastMessage, &lastError);
    opj_set_warning_handler(decoder.codec, ignoreMessage, nullptr);
    opj_set_info_handler(decoder.codec, ignoreMessage, nullptr);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    opj_stream_set_user_data(decoder.stream, &memory, nullptr);
    opj_stream_set_user_data_length(decoder.stream, size);
    opj_stream_set_read_function(decoder.stream, readBytes);
    opj_stream_set_skip_function(decoder.stream, skipBytes);
    opj_stream_set_seek_function(decoder.stream, seekTo);
    if (!opj_setup_decoder(decoder.codec, &parameters) ||
        !opj_read_header(decoder.stream, decoder.codec, &decoder.image) || !decoder.image)
        return makeError(ErrorCode::CorruptData, path,
                         "JPEG 2000 header could not be read" + (lastError.empty() ? "" : ": " + lastError));
    const opj_image_t& image = *decoder.image;
    if (long(image.x1) - long(image.x0) != columns || long(image.y1) - long(image.y0) != rows)
        return makeError(ErrorCode::CorruptData, path,
                         "JPEG 2000 frame is " + std::to_string(long(image.x1) - long(image.x0)) + " x " +
                             std::to_string(long(image.y1) - long(image.y0)) + " but the DICOM header says " +
                             std::to_string(columns) + " x " + std::to_string(rows));
    if (!opj_decode(decoder.codec, decoder.stream, decoder.image) ||
        !opj_end_decompress(decoder.codec, decoder.stream))
        return makeError(ErrorCode::CorruptData, path,
                         "JPEG 2000 frame could not be decoded" +
                             (lastError.empty() ? "" : ": " + lastError));
    return collect(*decoder.image, path);
}

} // namespace delineate::dicom::detail
