#pragma once
// Random photometric augmentation of an 8-bit RGB slice (internal, torch-free).
// Geometry is left alone so the mask stays valid. Each call draws from the given generator, so a
// fixed seed gives the same sequence of augmented images.
//   - histogram equalisation (per channel, classic CDF mapping) with probability 0.5
//   - colour jitter: brightness factor b and contrast factor c drawn uniformly from
//     [1 - strength, 1 + strength]; v' = clamp((v - mean) * c + mean * b), mean = image mean

#include <cstdint>
#include <random>
#include <vector>

namespace delineate::train::detail {

class SliceAugmenter {
public:
    explicit SliceAugmenter(double strength) : m_strength(strength) {}

    [[nodiscard]] std::vector<std::uint8_t> apply(const std::vector<std::uint8_t>& rgb,
                                                  std::mt19937_64& random) const;

    static void equalizeHistogram(std::vector<std::uint8_t>& rgb);
    static void jitter(std::vector<std::uint8_t>& rgb, double brightness, double contrast);

private:
    double m_strength;
};

} // namespace delineate::train::detail
