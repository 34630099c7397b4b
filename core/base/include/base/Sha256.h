#pragma once
// SHA-256 (FIPS 180-4), hex lower-case: identifies the base checkpoint of PEFT weights and verifies
// downloaded model files against the published hash. Streaming (update ... finishHex) or a whole file.

#include "base/Result.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace delineate {

class Sha256 {
public:
    Sha256();
    void update(const std::uint8_t* data, std::size_t size);
    std::string finishHex();

    static Result<std::string> ofFile(const std::string& path);

private:
    void block(const std::uint8_t* chunk);

    std::uint32_t m_state[8];
    std::uint8_t m_buffer[64];
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0;
};

} // namespace delineate
