#pragma once
// The only Python globals a state-dict pickle may name (the safety policy of TorchUnpickler):
//   collections.OrderedDict
//   torch._utils._rebuild_tensor_v2
//   torch._utils._rebuild_parameter, torch._utils._rebuild_parameter_with_state
//   torch.FloatStorage, DoubleStorage, HalfStorage, BFloat16Storage, LongStorage, IntStorage,
//   ShortStorage, CharStorage, ByteStorage, BoolStorage
// Everything else -- os.system, posix.system, builtins.eval, subprocess.Popen,
// torch.storage._load_from_bytes (which runs a nested pickle), tensor subclasses, quantized
// tensors -- is refused. Matching is exact (module and name, case-sensitive).

#include "PickleObject.h"

#include <optional>
#include <string_view>

namespace delineate::tensorio::detail {

// The global's description, or nullopt when it is not allowed.
[[nodiscard]] std::optional<PickleGlobal> resolveAllowedGlobal(std::string_view module,
                                                               std::string_view name);

} // namespace delineate::tensorio::detail
