#pragma once
// The object graph that TorchUnpickler builds from a torch.save data.pkl.
//
// Scalars live directly in a PickleValue; everything else (strings, tuples, lists, dicts, allowed
// globals, storage references and tensor descriptions) lives in one flat arena owned by the
// unpickler and is referred to by ObjectId. The arena makes aliasing through the pickle memo
// cheap, keeps destruction non-recursive and makes reference cycles harmless.
//
// Nothing here holds tensor data: a PickleTensor only describes a view (storage record key,
// dtype, offset, sizes, strides in elements) that TorchCheckpointReader materialises later.

#include <c10/core/ScalarType.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace delineate::tensorio::detail {

struct ObjectId {
    std::uint32_t index = 0;
};

struct PickleNone {};

using PickleValue = std::variant<PickleNone, bool, std::int64_t, double, ObjectId>;

struct PickleString {
    std::string text;
    bool isBytes = false; // BINBYTES (Python bytes) rather than str
};

struct PickleSequence {
    std::vector<PickleValue> items;
    bool isTuple = false; // tuple (immutable) rather than list
};

// A dict keeps insertion order (Python dicts do). String and integer keys are indexed so that a
// repeated key replaces the earlier value, as in Python.
struct PickleDict {
    std::vector<std::pair<PickleValue, PickleValue>> entries;
    std::unordered_map<std::string, std::size_t> stringKeyIndex;
    std::unordered_map<std::int64_t, std::size_t> integerKeyIndex;
    bool isOrderedDict = false;
};

// The globals that may appear in a torch.save state dict (everything else is rejected).
enum class GlobalKind {
    OrderedDict,               // collections.OrderedDict
    RebuildTensorV2,           // torch._utils._rebuild_tensor_v2
    RebuildParameter,          // torch._utils._rebuild_parameter
    RebuildParameterWithState, // torch._utils._rebuild_parameter_with_state
    StorageType,               // torch.FloatStorage, torch.HalfStorage, ...
};

struct PickleGlobal {
    GlobalKind kind = GlobalKind::OrderedDict;
    c10::ScalarType storageType = c10::ScalarType::Undefined; // for StorageType
    std::string qualifiedName;                                // "module.name", for messages
};

// persistent_id ('storage', <StorageType>, key, location, numel): the record data/<key>.
struct PickleStorage {
    std::string key;
    c10::ScalarType dtype = c10::ScalarType::Undefined;
    std::int64_t numel = 0;
};

// _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
struct PickleTensor {
    ObjectId storage;
    std::int64_t storageOffset = 0;
    std::vector<std::int64_t> sizes;
    std::vector<std::int64_t> strides;
};

using PickleObject =
    std::variant<PickleString, PickleSequence, PickleDict, PickleGlobal, PickleStorage, PickleTensor>;

} // namespace delineate::tensorio::detail
