#pragma once
// The steps of segment-anything's automatic mask generator (segment_anything/utils/amg.py and
// torchvision.ops.nms), one function each, in the same arithmetic (float32 where upstream's tensors are
// float32) so that thresholds and suppressions decide alike. Boxes: XYXY ints; mask boxes have inclusive
// right / bottom indices, crop boxes exclusive ones.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace delineate::automask::detail {

using Box = std::array<int, 4>;

struct Point {
    double x = 0.0; // fractions of the crop's width / height
    double y = 0.0;
};

// build_point_grid(n): n x n points at numpy.linspace(1 / 2n, 1 - 1 / 2n, n), x varying fastest.
std::vector<Point> pointGrid(int perSide);

struct CropBox {
    Box box;       // XYXY, exclusive ends
    int layer = 0; // 0: the whole image
};

// generate_crop_boxes(im_size, n_layers, overlap_ratio): the whole image, then per layer l = 1..layers
// 2^l x 2^l crops (x outer, y inner, as itertools.product(x0s, y0s)).
std::vector<CropBox> cropBoxes(int width, int height, int layers, double overlapRatio);

// Points per side of a layer's grid: int(perSide / downscale^layer).
int pointsPerSideOfLayer(int perSide, int downscale, int layer);

// batched_mask_to_box for one row-major width x height mask: [left, top, right, bottom] inclusive,
// [0, 0, 0, 0] when empty.
Box maskBox(const std::uint8_t* mask, int width, int height);

// is_box_near_crop_edge: a (crop-frame) mask box whose edge lies within 20 px of the crop's edge where
// that edge is not also the image's edge.
bool nearCropEdge(const Box& boxInCrop, const Box& crop, int imageWidth, int imageHeight);

// torchvision.ops.nms: indices kept, by descending score (stable for equal scores); a box is dropped
// when its IoU (float32, areas (x1 - x0) * (y1 - y0)) with a kept higher-scored box exceeds threshold.
std::vector<std::size_t> boxNms(const std::vector<Box>& boxes, const std::vector<float>& scores,
                                double threshold);

// calculate_stability_score in float32: count(logit > t + offset) / count(logit > t - offset), NaN for 0 / 0.
float stabilityScore(const float* logits, std::size_t count, float threshold, float offset);

} // namespace delineate::automask::detail
