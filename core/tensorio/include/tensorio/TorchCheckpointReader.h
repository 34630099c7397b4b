#pragma once
// Loads PyTorch checkpoints written by torch.save (PyTorch >= 1.6 zip format) without
// LibTorch's own unpickler, which cannot load a collections.OrderedDict in LibTorch 1.13
// (pytorch issue #100741) -- and every model.state_dict() is one.
//
// Accepted content of data.pkl (the top-level object):
//   - a state dict: collections.OrderedDict or plain dict {str: tensor}, as written by
//     torch.save(model.state_dict()); the OrderedDict `_metadata` attribute is ignored;
//   - a dict with such a state dict one level down under "model" or "state_dict"
//     (e.g. {"model": ..., "optimizer": ..., "epoch": 3}); "model" is tried first. The other
//     entries must still unpickle with the allowed globals, but are otherwise ignored.
// nn.Parameter values (torch._utils._rebuild_parameter) load as their data.
//
// File layout: a zip archive (see ZipArchiveReader.h) with records
//   <archive>/data.pkl       the pickle (see TorchUnpickler.h for the opcodes and allow-list)
//   <archive>/data/<key>     raw little-endian storage bytes, one record per storage
//   <archive>/byteorder      optional, "little" (big-endian files are rejected)
//   <archive>/version        serialization version
// A tensor is (storage key, dtype, storage offset, sizes, strides), all in elements.
//
// Result: tensors in file (pickle) order, on the CPU, contiguous, with their stored dtype
// (float32/64, float16, bfloat16, int64/32/16, int8, uint8, bool). Strided views are
// materialised (as_strided + copy); tensors that share a storage and cover it exactly share
// memory, as after torch.load.
//
// Safety and cost:
//   - no code from the file is ever executed: unknown globals -> ErrorCode::Unsafe;
//   - every record is checked against its CRC-32, every size and view bound against the
//     file, so truncated or garbled files fail with CorruptData / UnsupportedFormat;
//   - storages are read one by one with pread straight into their tensors: peak memory is
//     about the size of the tensors (1x the checkpoint), not 2x.
//   - with CheckpointLoadOptions::refuseNonFinite, NaN / Inf weights are refused (CorruptData, the
//     message of checkFinite(): the first offending tensor in file order). The scan runs on each block
//     of a floating-point storage right after its CRC-32, while the block is in cache; only a tensor
//     whose storage showed a NaN / Inf gets checkFinite's exact pass. Cost (bench_finite_check on the
//     fixtures, 4 runs on a loaded 2-core machine): median +2.4 % of the load (-3 % to +16 %), where a
//     separate checkFinite() afterwards cost +23 % (+11 % to +40 %).
// Errors: FileNotFound, ReadFailed, UnsupportedFormat (not a zip, legacy pre-1.6 format,
// TorchScript archive, compressed record, no state dict), CorruptData, TooLarge, Unsafe.
// No exception escapes.

#include "base/Result.h"
#include "tensorio/StateDict.h"

#include <string>

namespace delineate::tensorio {

struct CheckpointLoadOptions {
    bool refuseNonFinite = false; // refuse NaN / ±Inf in floating-point tensors (see above)
};

Result<StateDict> loadTorchCheckpoint(const std::string& path, const CheckpointLoadOptions& options = {});

} // namespace delineate::tensorio
