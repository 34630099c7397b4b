#pragma once
// Simulated annotator prompts for evaluation, following the seed paper's reference code (Gu et al. 2025,
// finetune-SAM, utils/funcs.py: get_top_boxes / MaskToBoxSimple for boxes, get_first_prompt for points),
// with one region and one prompt per slice (its region_type "largest_1", prompt_num 1):
//
//   region  the largest 8-connected component of the mask (skimage label, connectivity 2); ties go to
//           the component met last in row-major order (the reference sorts (ratio, id) pairs and reverses)
//   box     XYXY of that region: x0, y0 = smallest column / row, x1, y1 = largest column / row (pixel
//           indices, inclusive, as MaskToBoxSimple); then x0 -= (x1 - x0) * noise * u, x1 += (x1 - x0) *
//           noise * u, likewise y, each u uniform in [0, 1) drawn in the order x0, x1, y0, y1, clamped
//           to [0, width] / [0, height]. The box only grows (noise 0.1 in the paper).
//   point   distance of each region pixel to the nearest non-region pixel, outside the slice counting as
//           background (OpenCV DIST_L2 with mask size 5: chamfer weights 1, 1.4, 2.1969 for the
//           orthogonal, diagonal and knight steps); sorted high to low, the threshold is
//           max(d[int(depthFraction * count(d > 0))], 1) and the point is one of the pixels with
//           d >= threshold, uniform (depthFraction 0.1 in the paper); label 1, at the pixel's index (x =
//           column, y = row), the frame of sam/SamPrompt.h.
//
// Masks are height x width, row-major, non-zero = the label. An empty mask has no prompt (nullopt).
// Draws come from `random` only, so a fixed seed gives the same prompts.

#include "sam/SamPrompt.h"

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace delineate::fewshot {

struct PromptRules {
    double boxNoise = 0.1;      // MaskToBoxSimple random_thre
    double depthFraction = 0.1; // get_first_prompt dist_thre_ratio
};

// 1 on the largest 8-connected component of `mask`, else 0 (all 0 for an empty mask).
[[nodiscard]] std::vector<std::uint8_t> largestRegion(const std::vector<std::uint8_t>& mask, int width,
                                                      int height);

// Chamfer distance (5x5 mask, OpenCV's DIST_L2 weights) of every non-zero pixel to the nearest zero pixel
// or the frame's outside; 0 on zero pixels.
[[nodiscard]] std::vector<float> chamferDistance(const std::vector<std::uint8_t>& mask, int width,
                                                 int height);

[[nodiscard]] std::optional<sam::SamBox> simulatedBox(const std::vector<std::uint8_t>& mask, int width,
                                                      int height, const PromptRules& rules,
                                                      std::mt19937_64& random);

[[nodiscard]] std::optional<sam::SamPoint> simulatedPoint(const std::vector<std::uint8_t>& mask, int width,
                                                          int height, const PromptRules& rules,
                                                          std::mt19937_64& random);

} // namespace delineate::fewshot
