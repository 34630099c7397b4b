// libFuzzer harness: safetensors files through tensorio's loadSafetensors (header length, JSON header,
// dtypes, shapes, offsets, tensor data).
#include "FuzzInput.h"
#include "tensorio/Safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = delineate::fuzz::writeScratchFile("input.safetensors", data, size);
    (void)delineate::tensorio::loadSafetensors(path);
    return 0;
}
