#include "modeling/PositionEmbeddingRandom.h"

#include <cmath>

namespace delineate::sam::detail {

PositionEmbeddingRandomImpl::PositionEmbeddingRandomImpl(std::int64_t numPosFeats, double scale)
{
    if (scale <= 0.0)
        scale = 1.0;
    m_gaussian =
        register_buffer("positional_encoding_gaussian_matrix", scale * torch::randn({2, numPosFeats}));
}

torch::Tensor PositionEmbeddingRandomImpl::encode(const torch::Tensor& coordsIn)
{
    torch::Tensor coords = 2 * coordsIn - 1;
    // (..., 2) @ (2, F) written out as x * g0 + y * g1 with separate roundings, as a plain
    // (non-FMA) GEMM computes it; an FMA kernel moves the ~25-radian arguments by an ulp.
    coords = coords.narrow(-1, 0, 1) * m_gaussian[0] + coords.narrow(-1, 1, 1) * m_gaussian[1];
    coords = 2 * M_PI * coords;
    return torch::cat({torch::sin(coords), torch::cos(coords)}, -1);
}

torch::Tensor PositionEmbeddingRandomImpl::forward(std::int64_t h, std::int64_t w)
{
    const torch::Tensor grid = torch::ones({h, w}, m_gaussian.options());
    torch::Tensor yEmbed = grid.cumsum(0) - 0.5;
    torch::Tensor xEmbed = grid.cumsum(1) - 0.5;
    yEmbed = yEmbed / static_cast<double>(h);
    xEmbed = xEmbed / static_cast<double>(w);
    const torch::Tensor pe = encode(torch::stack({xEmbed, yEmbed}, -1));
    return pe.permute({2, 0, 1});
}

torch::Tensor PositionEmbeddingRandomImpl::forwardWithCoords(const torch::Tensor& coordsIn,
                                                             std::int64_t imageH, std::int64_t imageW)
{
    torch::Tensor coords = coordsIn.clone();
    coords.select(2, 0).div_(static_cast<double>(imageW));
    coords.select(2, 1).div_(static_cast<double>(imageH));
    return encode(coords.to(torch::kFloat));
}

} // namespace delineate::sam::detail
