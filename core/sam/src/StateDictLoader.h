#pragma once
// Copies a checkpoint's tensors into a module by key (internal; torch in the interface).
// Strict: every model parameter/buffer must be present with the same shape and no checkpoint
// key may be left over. The error names the first offending key (in model order for missing
// keys and mismatched shapes, in checkpoint order for unexpected keys).

#include "base/Result.h"
#include "tensorio/StateDict.h"

#include <torch/torch.h>

#include <string>

namespace delineate::sam::detail {

struct LoadStateOptions {
    bool strict = true;     // report missing and unexpected keys
    std::string sourcePath; // for error messages
};

class StateDictLoader {
public:
    // Returns the number of tensors copied.
    static Result<std::size_t> load(torch::nn::Module& module, const tensorio::StateDict& stateDict,
                                    const LoadStateOptions& options = {});
    // Parameters and buffers of the module, in registration order (a state_dict).
    static tensorio::StateDict stateDictOf(const torch::nn::Module& module);
};

std::string shapeString(const at::Tensor& tensor);

} // namespace delineate::sam::detail
