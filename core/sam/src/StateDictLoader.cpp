#include "StateDictLoader.h"

#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace delineate::sam::detail {

std::string shapeString(const at::Tensor& tensor)
{
    std::ostringstream out;
    out << '[';
    for (std::int64_t i = 0; i < tensor.dim(); ++i)
        out << (i ? ", " : "") << tensor.size(i);
    out << ']';
    return out.str();
}

tensorio::StateDict StateDictLoader::stateDictOf(const torch::nn::Module& module)
{
    tensorio::StateDict result;
    for (const auto& item : module.named_parameters(/*recurse=*/true))
        result.emplace_back(item.key(), item.value());
    for (const auto& item : module.named_buffers(/*recurse=*/true))
        result.emplace_back(item.key(), item.value());
    return result;
}

Result<std::size_t> StateDictLoader::load(torch::nn::Module& module, const tensorio::StateDict& stateDict,
                                          const LoadStateOptions& options)
{
    std::unordered_map<std::string, const at::Tensor*> source;
    source.reserve(stateDict.size());
    for (const auto& [key, tensor] : stateDict)
        source.emplace(key, &tensor);

    const tensorio::StateDict targets = stateDictOf(module);
    std::unordered_set<std::string> used;
    used.reserve(targets.size());
    std::size_t copied = 0;

    torch::NoGradGuard noGrad;
    for (const auto& [key, target] : targets) {
        auto it = source.find(key);
        if (it == source.end()) {
            if (!options.strict)
                continue;
            return makeError(ErrorCode::SizeMismatch, options.sourcePath,
                             "missing key " + key + " (model expects " + shapeString(target) + ")");
        }
        const at::Tensor& value = *it->second;
        if (value.sizes() != target.sizes())
            return makeError(ErrorCode::SizeMismatch, options.sourcePath,
                             "shape mismatch for " + key + ": checkpoint " + shapeString(value) + ", model " +
                                 shapeString(target));
        at::Tensor destination = target;
        destination.copy_(value.to(destination.device(), destination.scalar_type()));
        used.insert(key);
        ++copied;
    }
    if (options.strict) {
        for (const auto& [key, tensor] : stateDict) {
            if (!used.count(key))
                return makeError(ErrorCode::SizeMismatch, options.sourcePath,
                                 "unexpected key " + key + " " + shapeString(tensor) + " (not in the model)");
        }
    }
    return copied;
}

} // namespace delineate::sam::detail
