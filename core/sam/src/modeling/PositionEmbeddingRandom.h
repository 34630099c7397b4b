#pragma once
// Random Fourier positional encoding (segment-anything modeling/prompt_encoder.py
// PositionEmbeddingRandom). Buffer positional_encoding_gaussian_matrix (2, numPosFeats).
//   pe(c) = [sin(2*pi*(2c - 1) G), cos(2*pi*(2c - 1) G)] for c in [0, 1]^2 as (x, y).

#include <torch/torch.h>

namespace delineate::sam::detail {

class PositionEmbeddingRandomImpl : public torch::nn::Module {
public:
    explicit PositionEmbeddingRandomImpl(std::int64_t numPosFeats = 64, double scale = 1.0);

    // Dense grid PE at pixel centres: (2*numPosFeats, h, w).
    torch::Tensor forward(std::int64_t h, std::int64_t w);
    // coords (B, N, 2) as (x, y) in pixels of an image of imageH x imageW -> (B, N, 2*numPosFeats).
    torch::Tensor forwardWithCoords(const torch::Tensor& coords, std::int64_t imageH, std::int64_t imageW);

private:
    torch::Tensor encode(const torch::Tensor& coords);
    torch::Tensor m_gaussian;
};
TORCH_MODULE(PositionEmbeddingRandom);

} // namespace delineate::sam::detail
