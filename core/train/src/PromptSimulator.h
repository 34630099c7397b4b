#pragma once
// Simulated annotator prompts for prompted training (internal; torch).
// Input: a (256, 256) int64 target in the low-res frame (SlicePreprocessor). Output coordinates
// are (x, y) pixels of the 1024x1024 model-input frame, as PromptEncoder expects:
// low-res pixel (i, j) covers input pixels [4j, 4j + 4) x [4i, 4i + 4).
//   box    XYXY bounding box of the mask; each side moves by a uniform offset of up to
//          noiseFraction x the box's extent (clamped to the frame). Empty mask: a random box.
//   point  a foreground point whose distance to the mask edge exceeds the median distance of
//          the mask's pixels (uniform among those); label 1. Empty mask: a random background
//          point, label 0.

#include <torch/torch.h>

#include <array>
#include <random>

namespace delineate::train::detail {

struct SimulatedPoint {
    std::array<float, 2> xy{};
    std::int64_t label = 1;
};

class PromptSimulator {
public:
    static std::array<float, 4> box(const torch::Tensor& target, double noiseFraction,
                                    std::mt19937_64& random);
    static SimulatedPoint point(const torch::Tensor& target, std::mt19937_64& random);
    // City-block distance (in low-res pixels) of each foreground pixel to the nearest background
    // pixel or the frame border; 0 on the background. (H, W) int32.
    static torch::Tensor distanceToEdge(const torch::Tensor& target);

    // Batched prompt tensors for PromptEncoder: boxes (B, 4); points (B, 1, 2) + labels (B, 1).
    static torch::Tensor boxes(const std::vector<torch::Tensor>& targets, double noiseFraction,
                               std::mt19937_64& random);
    static std::pair<torch::Tensor, torch::Tensor> points(const std::vector<torch::Tensor>& targets,
                                                          std::mt19937_64& random);
};

} // namespace delineate::train::detail
