#include "Crc32.h"

#include <array>
#include <bit>
#include <cstring>

namespace delineate::tensorio::detail {

namespace {

static_assert(std::endian::native == std::endian::little, "the word-wise loop assumes little-endian");

constexpr std::uint32_t kPolynomial = 0xEDB88320u;

// Eight 256-entry tables for "slicing by 8": table[k][b] is the CRC of byte b followed by k zero
// bytes, so eight input bytes are folded with eight lookups (about 1-2 GB/s, enough to verify a
// 2.5 GB checkpoint while it is read).
using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

Tables makeTables()
{
    Tables tables{};
    for (std::uint32_t byte = 0; byte < 256; ++byte) {
        std::uint32_t crc = byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1u) ? (crc >> 1) ^ kPolynomial : crc >> 1;
        tables[0][byte] = crc;
    }
    for (std::uint32_t byte = 0; byte < 256; ++byte) {
        for (std::size_t k = 1; k < 8; ++k) {
            const std::uint32_t previous = tables[k - 1][byte];
            tables[k][byte] = (previous >> 8) ^ tables[0][previous & 0xFFu];
        }
    }
    return tables;
}

const Tables& tables()
{
    static const Tables instance = makeTables();
    return instance;
}

} // namespace

std::uint32_t crc32Update(std::uint32_t crc, const void* data, std::size_t length)
{
    const Tables& t = tables();
    const auto* bytes = static_cast<const unsigned char*>(data);
    crc = ~crc;
    while (length >= 8) {
        std::uint32_t low = 0;
        std::uint32_t high = 0;
        std::memcpy(&low, bytes, 4); // little-endian host (see static_assert)
        std::memcpy(&high, bytes + 4, 4);
        low ^= crc;
        crc = t[7][low & 0xFFu] ^ t[6][(low >> 8) & 0xFFu] ^ t[5][(low >> 16) & 0xFFu] ^ t[4][low >> 24] ^
              t[3][high & 0xFFu] ^ t[2][(high >> 8) & 0xFFu] ^ t[1][(high >> 16) & 0xFFu] ^ t[0][high >> 24];
        bytes += 8;
        length -= 8;
    }
    while (length-- > 0)
        crc = (crc >> 8) ^ t[0][(crc ^ *bytes++) & 0xFFu];
    return ~crc;
}

} // namespace delineate::tensorio::detail
