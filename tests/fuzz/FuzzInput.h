#pragma once
// Shared by the libFuzzer harnesses of tests/fuzz and by their replay test (ReplayMain.cpp).
//
// Every harness defines the libFuzzer entry point
//     extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// and feeds the bytes through a public entry point of the parser under test. Built with the fuzz preset
// (clang, -fsanitize=fuzzer) it is a fuzzer; built by the default compiler and linked to ReplayMain.cpp
// it replays files (tests/fuzz/regressions/<target>/) as an ordinary CTest test.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace delineate::fuzz {

// The bytes as a string_view (no copy).
inline std::string_view asText(const std::uint8_t* data, std::size_t size)
{
    return {reinterpret_cast<const char*>(data), size};
}

// Writes the bytes to `name` in a scratch folder private to this process (on /dev/shm when there is one,
// else $TMPDIR or /tmp; removed at exit) and returns its path. For the entry points that take a path and
// choose the reader by the file name. Aborts when the file cannot be written: that is no finding.
std::string writeScratchFile(std::string_view name, const std::uint8_t* data, std::size_t size);

} // namespace delineate::fuzz
