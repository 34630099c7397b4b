// libFuzzer harness: the zip reader of torch.save checkpoints (tensorio's ZipArchiveReader: open, then read
// and CRC-check every record up to 1 MiB), then the whole checkpoint path (loadTorchCheckpoint: zip, pickle,
// storages, tensor views).
#include "FuzzInput.h"
#include "ZipArchiveReader.h"
#include "tensorio/TorchCheckpointReader.h"

using delineate::tensorio::detail::ZipArchiveReader;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = delineate::fuzz::writeScratchFile("input.pth", data, size);
    auto zip = ZipArchiveReader::open(path);
    if (!zip)
        return 0;
    for (const auto& entry : zip->entries())
        (void)zip->readRecord(entry, std::uint64_t(1) << 20);
    (void)delineate::tensorio::loadTorchCheckpoint(path);
    return 0;
}
