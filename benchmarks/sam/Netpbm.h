#pragma once
// 8-bit binary PGM (P5, grey) and PPM (P6, RGB) pictures for the SAM benchmarks (no comments in the header).
// Pixels: row-major H x W x channels.

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace delineate::bench {

struct Picture {
    std::vector<std::uint8_t> pixels;
    int width = 0;
    int height = 0;
    int channels = 1;
};

inline std::optional<Picture> readNetpbm(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string magic;
    int maxValue = 0;
    Picture picture;
    in >> magic >> picture.width >> picture.height >> maxValue;
    in.get();
    if (!in || (magic != "P5" && magic != "P6") || maxValue != 255 || picture.width <= 0 ||
        picture.height <= 0)
        return std::nullopt;
    picture.channels = magic == "P6" ? 3 : 1;
    picture.pixels.resize(static_cast<std::size_t>(picture.width) * picture.height * picture.channels);
    in.read(reinterpret_cast<char*>(picture.pixels.data()),
            static_cast<std::streamsize>(picture.pixels.size()));
    if (!in)
        return std::nullopt;
    return picture;
}

} // namespace delineate::bench
