#pragma once
// Reading and writing safetensors files (https://github.com/huggingface/safetensors).
//
// Format:
//   bytes 0..7      N, the header length, unsigned 64-bit little-endian
//   bytes 8..8+N    UTF-8 JSON object:
//                     "__metadata__": {"key": "value", ...}             (optional, strings only)
//                     "<tensor name>": {"dtype": "F32", "shape": [d0, d1, ...],
//                                       "data_offsets": [begin, end]}   (one per tensor)
//                   padded with spaces to a multiple of 8 bytes when written here
//   bytes 8+N..     the data buffer: each tensor's bytes, C order, little-endian;
//                   data_offsets are relative to the start of this buffer.
// dtypes: F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL (torch float64 ... bool).
//
// Reading checks what the reference implementation checks: header length within the file
// (and at most 100 MB), valid JSON, known dtypes, end - begin == numel * element size, and the
// tensors tiling the data buffer exactly (no gaps, no overlaps, nothing left over). Tensors are
// returned in file order (by data offset), contiguous, on the CPU.
//
// Writing stores the tensors in StateDict order (so a round trip keeps the order), converts
// them to contiguous CPU tensors first, and replaces `path` atomically (temporary file in the
// same folder, fsync, rename): an interrupted save never leaves a half-written file.
// Errors: InvalidArgument (unsupported dtype, undefined tensor, duplicate or reserved name,
// name that is not UTF-8), WriteFailed; on load FileNotFound, ReadFailed, CorruptData,
// UnsupportedFormat (unknown dtype), TooLarge. No exception escapes.

#include "base/Result.h"
#include "tensorio/StateDict.h"

#include <map>
#include <string>

namespace delineate::tensorio {

struct SafetensorsFile {
    StateDict tensors;
    std::map<std::string, std::string> metadata; // the "__metadata__" entry
};

Result<void> saveSafetensors(const std::string& path, const StateDict& tensors,
                             const std::map<std::string, std::string>& metadata);

Result<SafetensorsFile> loadSafetensors(const std::string& path);

} // namespace delineate::tensorio
