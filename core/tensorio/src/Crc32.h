#pragma once
// CRC-32 as used by zip (IEEE 802.3 polynomial 0xEDB88320, reflected, initial and final XOR
// 0xFFFFFFFF). crc32Update() continues a running checksum so large records can be checked in
// chunks: start with crc32Update(0, ...) and feed the previous result back in.

#include <cstddef>
#include <cstdint>

namespace delineate::tensorio::detail {

[[nodiscard]] std::uint32_t crc32Update(std::uint32_t crc, const void* data, std::size_t length);

[[nodiscard]] inline std::uint32_t crc32(const void* data, std::size_t length)
{
    return crc32Update(0, data, length);
}

} // namespace delineate::tensorio::detail
