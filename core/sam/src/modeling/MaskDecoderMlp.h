#pragma once
// Plain MLP of the mask decoder heads (segment-anything modeling/mask_decoder.py MLP):
// num_layers Linear layers with ReLU between them. Keys: layers.{0..n-1}.{weight,bias}.
// Used for the hypernetwork MLPs (256 -> 256 -> 256 -> 32) and the IoU head (-> num tokens).

#include <torch/torch.h>

#include <vector>

namespace delineate::sam::detail {

class MaskDecoderMlpImpl : public torch::nn::Module {
public:
    MaskDecoderMlpImpl(std::int64_t inputDim, std::int64_t hiddenDim, std::int64_t outputDim,
                       std::int64_t numLayers);
    // (..., inputDim) -> (..., outputDim)
    torch::Tensor forward(const torch::Tensor& x);

private:
    torch::nn::ModuleList m_layerList{nullptr};
    std::vector<torch::nn::Linear> m_layers;
};
TORCH_MODULE(MaskDecoderMlp);

} // namespace delineate::sam::detail
