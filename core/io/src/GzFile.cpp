#include "GzFile.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <zlib.h>

namespace delineate::io::detail {

struct GzFile::Inflater {
    z_stream stream{};
    bool initialised = false;
    bool memberEnded = false; // the current gzip member ended with a verified trailer
    ~Inflater()
    {
        if (initialised)
            inflateEnd(&stream);
    }
};

GzFile::GzFile() = default;

GzFile::~GzFile()
{
    close();
}

bool GzFile::open(const std::string& path, Mode mode, std::int64_t offset)
{
    close();
    errno = 0;
    if (mode == Mode::WriteCompressed || mode == Mode::WritePlain) {
        m_gz = gzopen(path.c_str(), mode == Mode::WriteCompressed ? "wb6" : "wbT");
        if (!m_gz)
            m_error = errno != 0 ? std::strerror(errno) : "cannot create file";
        return m_gz != nullptr;
    }
    m_plain = std::fopen(path.c_str(), "rb");
    if (!m_plain) {
        m_error = errno != 0 ? std::strerror(errno) : "cannot open file";
        return false;
    }
    if (offset < 0 || std::fseek(m_plain, static_cast<long>(offset), SEEK_SET) != 0) {
        m_error = "cannot seek to the data";
        close();
        return false;
    }
    unsigned char magic[2] = {};
    const std::size_t got = std::fread(magic, 1, 2, m_plain);
    std::fseek(m_plain, static_cast<long>(offset), SEEK_SET);
    m_start = offset;
    const bool gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    if (gzip || mode == Mode::ReadDeflate) {
        m_inflater = std::make_unique<Inflater>();
        if (inflateInit2(&m_inflater->stream, 15 + 32) != Z_OK) { // zlib or gzip header
            m_error = "cannot initialise zlib";
            close();
            return false;
        }
        m_inflater->initialised = true;
        m_input.resize(256 * 1024);
    }
    return true;
}

void GzFile::close()
{
    if (m_plain)
        std::fclose(m_plain);
    if (m_gz)
        gzclose(static_cast<gzFile>(m_gz));
    m_plain = nullptr;
    m_gz = nullptr;
    m_inflater.reset();
    m_input.clear();
    m_start = 0;
    m_position = 0;
    m_cleanEnd = false;
    m_failed = false;
}

std::size_t GzFile::readPlain(unsigned char* out, std::size_t bytes)
{
    const std::size_t got = std::fread(out, 1, bytes, m_plain);
    if (got < bytes) {
        m_cleanEnd = std::feof(m_plain) && !std::ferror(m_plain);
        m_error = m_cleanEnd ? "unexpected end of file" : std::strerror(errno);
    }
    return got;
}

std::size_t GzFile::readCompressed(unsigned char* out, std::size_t bytes)
{
    z_stream& z = m_inflater->stream;
    std::size_t total = 0;
    while (total < bytes && !m_failed) {
        if (z.avail_in == 0) {
            const std::size_t got = std::fread(m_input.data(), 1, m_input.size(), m_plain);
            if (got == 0) {
                // End of the file: clean only right after a verified member trailer.
                m_cleanEnd = m_inflater->memberEnded;
                if (!m_cleanEnd)
                    m_error = "compressed data is truncated (unexpected end of file)";
                break;
            }
            z.next_in = m_input.data();
            z.avail_in = static_cast<uInt>(got);
        }
        if (m_inflater->memberEnded) {
            if (z.next_in[0] != 0x1f) { // trailing padding after the last member, as gzip tolerates
                z.avail_in = 0;
                m_cleanEnd = true;
                break;
            }
            inflateReset(&z); // another gzip member follows (concatenated streams)
            m_inflater->memberEnded = false;
        }
        const std::size_t want = std::min<std::size_t>(bytes - total, 1u << 30);
        z.next_out = out + total;
        z.avail_out = static_cast<uInt>(want);
        const int status = inflate(&z, Z_NO_FLUSH);
        total += want - z.avail_out;
        if (status == Z_STREAM_END) {
            m_inflater->memberEnded = true;
        } else if (status != Z_OK && status != Z_BUF_ERROR) {
            m_failed = true;
            m_error = std::string("compressed data is corrupt: ") + (z.msg ? z.msg : "inflate failed");
        }
    }
    return total;
}

std::size_t GzFile::read(void* buffer, std::size_t bytes)
{
    if (!m_plain || m_failed)
        return 0;
    auto* out = static_cast<unsigned char*>(buffer);
    const std::size_t got = m_inflater ? readCompressed(out, bytes) : readPlain(out, bytes);
    m_position += static_cast<std::int64_t>(got);
    return got;
}

bool GzFile::seek(std::int64_t offset)
{
    if (!m_plain || offset < m_position)
        return false;
    if (!m_inflater) {
        struct stat info {};
        if (::fstat(fileno(m_plain), &info) != 0 || info.st_size < m_start + offset ||
            std::fseek(m_plain, static_cast<long>(m_start + offset), SEEK_SET) != 0)
            return false;
        m_position = offset;
        return true;
    }
    std::vector<unsigned char> skip(64 * 1024);
    while (m_position < offset) {
        const auto chunk =
            static_cast<std::size_t>(std::min<std::int64_t>(offset - m_position, std::int64_t(skip.size())));
        if (read(skip.data(), chunk) != chunk)
            return false;
    }
    return true;
}

bool GzFile::write(const void* buffer, std::size_t bytes)
{
    if (!m_gz)
        return false;
    const auto* in = static_cast<const unsigned char*>(buffer);
    std::size_t total = 0;
    while (total < bytes) {
        const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(bytes - total, 1u << 30));
        const int wrote = gzwrite(static_cast<gzFile>(m_gz), in + total, chunk);
        if (wrote <= 0) {
            int code = Z_OK;
            const char* message = gzerror(static_cast<gzFile>(m_gz), &code);
            m_error = code == Z_ERRNO ? std::strerror(errno) : (message ? message : "write failed");
            return false;
        }
        total += static_cast<std::size_t>(wrote);
    }
    return true;
}

bool GzFile::finish()
{
    if (!m_gz)
        return false;
    const int status = gzclose(static_cast<gzFile>(m_gz));
    m_gz = nullptr;
    if (status != Z_OK) {
        m_error = status == Z_ERRNO ? std::strerror(errno) : "compression failed";
        return false;
    }
    return true;
}

bool endsWithNoCase(const std::string& text, const std::string& suffix)
{
    if (suffix.size() > text.size())
        return false;
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        const auto a = static_cast<unsigned char>(text[text.size() - suffix.size() + i]);
        const auto b = static_cast<unsigned char>(suffix[i]);
        if (std::tolower(a) != std::tolower(b))
            return false;
    }
    return true;
}

std::int64_t fileSize(const std::string& path)
{
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        return -1;
    return static_cast<std::int64_t>(info.st_size);
}

} // namespace delineate::io::detail
