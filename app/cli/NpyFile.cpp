#include "NpyFile.h"

#include "base/AtomicFile.h"

#include <cstring>
#include <regex>

namespace delineate::cli {

Result<void> writeNpy(const std::string& path, const NpyArray& array)
{
    std::string shape = "(";
    for (std::size_t n = 0; n < array.shape.size(); ++n)
        shape += std::to_string(array.shape[n]) +
                 (array.shape.size() == 1 || n + 1 < array.shape.size() ? "," : "");
    shape += ")";
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    // Magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64.
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
    bytes += char(header.size() & 0xff);
    bytes += char(header.size() >> 8);
    bytes += header;
    bytes.append(reinterpret_cast<const char*>(array.values.data()), array.values.size() * sizeof(float));
    return writeFileAtomically(path, bytes);
}

Result<NpyArray> readNpy(const std::string& path)
{
    auto bytes = readFile(path, 16u << 20);
    if (!bytes)
        return bytes.error();
    const std::string& b = *bytes;
    if (b.size() < 10 || b.compare(0, 6, "\x93NUMPY") != 0)
        return makeError(ErrorCode::UnsupportedFormat, path, "not a NumPy .npy file");
    std::size_t headerLength = 0, offset = 0;
    if (b[6] == 1) {
        headerLength = std::uint8_t(b[8]) | (std::size_t(std::uint8_t(b[9])) << 8);
        offset = 10;
    } else if (b[6] == 2 || b[6] == 3) {
        if (b.size() < 12)
            return makeError(ErrorCode::CorruptData, path, "truncated .npy header");
        headerLength = std::uint8_t(b[8]) | (std::size_t(std::uint8_t(b[9])) << 8) |
                       (std::size_t(std::uint8_t(b[10])) << 16) | (std::size_t(std::uint8_t(b[11])) << 24);
        offset = 12;
    } else {
        return makeError(ErrorCode::UnsupportedFormat, path, "unknown .npy version");
    }
    if (offset + headerLength > b.size())
        return makeError(ErrorCode::CorruptData, path, "truncated .npy header");
    const std::string header = b.substr(offset, headerLength);
    if (header.find("'<f4'") == std::string::npos)
        return makeError(ErrorCode::UnsupportedFormat, path, "expected little-endian float32 ('<f4') data");
    if (header.find("'fortran_order': True") != std::string::npos)
        return makeError(ErrorCode::UnsupportedFormat, path, "Fortran-order arrays are not supported");
    std::smatch match;
    if (!std::regex_search(header, match, std::regex(R"('shape':\s*\(([0-9,\s]*)\))")))
        return makeError(ErrorCode::CorruptData, path, "no shape in .npy header");
    NpyArray array;
    std::int64_t count = 1;
    const std::string dims = match[1];
    const std::regex number("[0-9]+");
    for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it) {
        array.shape.push_back(std::stoll(it->str()));
        count *= array.shape.back();
        if (count > (16 << 20))
            return makeError(ErrorCode::TooLarge, path, "array too large");
    }
    const std::size_t dataOffset = offset + headerLength;
    if (b.size() - dataOffset != std::size_t(count) * sizeof(float))
        return makeError(ErrorCode::CorruptData, path, "data size does not match the shape");
    array.values.resize(std::size_t(count));
    std::memcpy(array.values.data(), b.data() + dataOffset, array.values.size() * sizeof(float));
    return array;
}

} // namespace delineate::cli
