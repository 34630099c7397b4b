#pragma once
// finetune-SAM bottleneck adapter (models/sam/modeling/common.py Adapter):
//   y = D_fc2(GELU(D_fc1(x)))            (MLP_Adapter, no skip connection)
//   y = x + D_fc2(GELU(D_fc1(x)))        (Space_Adapter / decoder Adapter, with skip)
// hidden = dim * 0.25. Parameters D_fc1.{weight,bias} (hidden, dim), D_fc2.{weight,bias}.

#include <torch/torch.h>

namespace delineate::sam::detail {

class AdapterImpl : public torch::nn::Module {
public:
    AdapterImpl(std::int64_t dim, bool skipConnection, double hiddenRatio = 0.25);
    // (..., dim) -> (..., dim)
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::Linear m_fc1{nullptr};
    torch::nn::Linear m_fc2{nullptr};
    bool m_skip;
};
TORCH_MODULE(Adapter);

} // namespace delineate::sam::detail
