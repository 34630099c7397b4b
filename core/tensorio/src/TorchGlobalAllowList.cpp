#include "TorchGlobalAllowList.h"

#include <array>
#include <string>

namespace delineate::tensorio::detail {

namespace {

struct AllowedGlobal {
    std::string_view module;
    std::string_view name;
    GlobalKind kind;
    c10::ScalarType storageType;
};

constexpr c10::ScalarType kNoType = c10::ScalarType::Undefined;

constexpr std::array<AllowedGlobal, 14> kAllowList{{
    {"collections", "OrderedDict", GlobalKind::OrderedDict, kNoType},
    {"torch._utils", "_rebuild_tensor_v2", GlobalKind::RebuildTensorV2, kNoType},
    {"torch._utils", "_rebuild_parameter", GlobalKind::RebuildParameter, kNoType},
    {"torch._utils", "_rebuild_parameter_with_state", GlobalKind::RebuildParameterWithState, kNoType},
    {"torch", "FloatStorage", GlobalKind::StorageType, c10::ScalarType::Float},
    {"torch", "DoubleStorage", GlobalKind::StorageType, c10::ScalarType::Double},
    {"torch", "HalfStorage", GlobalKind::StorageType, c10::ScalarType::Half},
    {"torch", "BFloat16Storage", GlobalKind::StorageType, c10::ScalarType::BFloat16},
    {"torch", "LongStorage", GlobalKind::StorageType, c10::ScalarType::Long},
    {"torch", "IntStorage", GlobalKind::StorageType, c10::ScalarType::Int},
    {"torch", "ShortStorage", GlobalKind::StorageType, c10::ScalarType::Short},
    {"torch", "CharStorage", GlobalKind::StorageType, c10::ScalarType::Char},
    {"torch", "ByteStorage", GlobalKind::StorageType, c10::ScalarType::Byte},
    {"torch", "BoolStorage", GlobalKind::StorageType, c10::ScalarType::Bool},
}};

} // namespace

std::optional<PickleGlobal> resolveAllowedGlobal(std::string_view module, std::string_view name)
{
    for (const AllowedGlobal& allowed : kAllowList) {
        if (allowed.module == module && allowed.name == name) {
            PickleGlobal global;
            global.kind = allowed.kind;
            global.storageType = allowed.storageType;
            global.qualifiedName = std::string(module) + "." + std::string(name);
            return global;
        }
    }
    return std::nullopt;
}

} // namespace delineate::tensorio::detail
