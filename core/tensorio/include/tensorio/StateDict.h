#pragma once
// A model's named tensors in file order (PyTorch state_dict / safetensors content).

#include <ATen/core/Tensor.h>

#include <string>
#include <utility>
#include <vector>

namespace delineate::tensorio {

using StateDict = std::vector<std::pair<std::string, at::Tensor>>;

} // namespace delineate::tensorio
