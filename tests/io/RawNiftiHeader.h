#pragma once
// Test support: an independent, minimal reader of the transform fields of a NIfTI-1/2 header (plain or
// gzip, either byte order), so that the tests do not check delineate_io's header code with itself.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <zlib.h>

namespace delineate::test {

struct RawNiftiHeader {
    bool ok = false;
    int version = 0;
    int datatype = 0;
    std::array<std::int64_t, 8> dim{};
    std::array<double, 8> pixdim{};
    int qformCode = -1, sformCode = -1;
    std::array<double, 3> quatern{};
    std::array<double, 3> qoffset{};
    std::array<double, 12> srow{}; // 3 rows of 4

    bool sameTransforms(const RawNiftiHeader& other) const
    {
        return qformCode == other.qformCode && sformCode == other.sformCode && quatern == other.quatern &&
               qoffset == other.qoffset && srow == other.srow && pixdim[0] == other.pixdim[0] &&
               pixdim[1] == other.pixdim[1] && pixdim[2] == other.pixdim[2] && pixdim[3] == other.pixdim[3];
    }
};

inline RawNiftiHeader readRawNiftiHeader(const std::string& path)
{
    RawNiftiHeader h;
    unsigned char b[540] = {};
    gzFile file = gzopen(path.c_str(), "rb");
    if (!file)
        return h;
    const int got = gzread(file, b, sizeof b);
    gzclose(file);
    if (got < 348)
        return h;
    std::int32_t size = 0;
    std::memcpy(&size, b, 4);
    const bool swap = size != 348 && size != 540;
    auto get = [&](std::size_t offset, auto zero) {
        unsigned char raw[sizeof zero];
        std::memcpy(raw, b + offset, sizeof zero);
        if (swap)
            std::reverse(raw, raw + sizeof zero);
        decltype(zero) value;
        std::memcpy(&value, raw, sizeof zero);
        return value;
    };
    size = get(0, std::int32_t{});
    if (size == 348) {
        h.version = 1;
        h.datatype = get(70, std::int16_t{});
        for (int i = 0; i < 8; ++i) {
            h.dim[i] = get(40 + 2 * i, std::int16_t{});
            h.pixdim[i] = get(76 + 4 * i, float{});
        }
        h.qformCode = get(252, std::int16_t{});
        h.sformCode = get(254, std::int16_t{});
        for (int i = 0; i < 3; ++i) {
            h.quatern[i] = get(256 + 4 * i, float{});
            h.qoffset[i] = get(268 + 4 * i, float{});
        }
        for (int i = 0; i < 12; ++i)
            h.srow[i] = get(280 + 4 * i, float{});
    } else if (size == 540 && got >= 540) {
        h.version = 2;
        h.datatype = get(12, std::int16_t{});
        for (int i = 0; i < 8; ++i) {
            h.dim[i] = get(16 + 8 * i, std::int64_t{});
            h.pixdim[i] = get(104 + 8 * i, double{});
        }
        h.qformCode = get(344, std::int32_t{});
        h.sformCode = get(348, std::int32_t{});
        for (int i = 0; i < 3; ++i) {
            h.quatern[i] = get(352 + 8 * i, double{});
            h.qoffset[i] = get(376 + 8 * i, double{});
        }
        for (int i = 0; i < 12; ++i)
            h.srow[i] = get(400 + 8 * i, double{});
    } else {
        return h;
    }
    // pixdim[0] (qfac) is only meaningful as a sign: normalise as readers do.
    h.pixdim[0] = h.pixdim[0] < 0 ? -1.0 : 1.0;
    h.ok = true;
    return h;
}

} // namespace delineate::test
