#pragma once
// "Segment everything" on one image: segment-anything's SamAutomaticMaskGenerator
// (segment_anything/automatic_mask_generator.py) over the torch-free SamPredictor façade.
//
// For each crop (the whole image, plus 2^l x 2^l overlapping crops for layer l = 1..cropLayers) the crop
// is embedded once, a regular grid of single positive points is decoded with multimask output, and every
// output mask passes, in this order:
//   predicted IoU  > predIouThreshold          (skipped when the threshold is 0)
//   stability      >= stabilityThreshold       (IoU of logits > +offset and > -offset; skipped when 0)
//   its box does not touch the crop's inner edge (within 20 px, unless that is also the image's edge)
// then box non-maximum suppression by predicted IoU within the crop, and (several crops) box NMS across
// crops preferring the smaller crop. Masks are logits > 0 (SAM's mask_threshold).
//
// Frames: images and masks are row-major, x to the right (columns), y down (rows), in the pixels of the
// image given to generate(). Boxes are segment-anything's: XYXY with inclusive right / bottom pixel
// indices from the mask (batched_mask_to_box), reported as XYWH = (x0, y0, x1 - x0, y1 - y0); crop boxes
// XYXY with exclusive ends, reported as XYWH. Point grids follow build_point_grid: n points per side at
// (i + 0.5) / n of the crop's width / height.
//
// Not offered: min_mask_region_area (small-region post-processing, needs OpenCV in upstream) and the
// COCO RLE output mode. Conformance: tests/automask/tst_automask against the official generator's output.

#include "base/Result.h"
#include "sam/SamPredictor.h"

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

namespace delineate::automask {

struct AutomaticMaskOptions {
    int pointsPerSide = 32;
    double predIouThreshold = 0.88;
    double stabilityThreshold = 0.95;
    double stabilityOffset = 1.0;
    double boxNmsThreshold = 0.7;
    int cropLayers = 0;
    double cropNmsThreshold = 0.7;
    double cropOverlapRatio = 512.0 / 1500.0;
    int cropPointsDownscaleFactor = 1;
};

// One mask of the result, ordered as upstream returns them (by predicted IoU within a crop).
struct AutomaticMask {
    int width = 0; // of the image
    int height = 0;
    std::array<int, 4> box{};       // XYXY inclusive, image pixels
    std::vector<std::uint8_t> bits; // (box width + 1) x (box height + 1) row-major, 1 inside: the mask
                                    // within its box (the mask is empty outside it)
    std::int64_t area = 0;
    double predictedIou = 0.0;
    double stabilityScore = 0.0;
    double pointX = 0.0; // the grid point that prompted it, image pixels
    double pointY = 0.0;
    std::array<int, 4> cropBox{}; // XYXY exclusive ends

    [[nodiscard]] std::array<int, 4> boxXywh() const
    {
        return {box[0], box[1], box[2] - box[0], box[3] - box[1]};
    }
    [[nodiscard]] std::array<int, 4> cropBoxXywh() const
    {
        return {cropBox[0], cropBox[1], cropBox[2] - cropBox[0], cropBox[3] - cropBox[1]};
    }
    [[nodiscard]] bool contains(int x, int y) const;
    // width x height, 1 inside.
    [[nodiscard]] std::vector<std::uint8_t> fullMask() const;
};

struct AutomaticMaskProgress {
    int decoded = 0; // grid points decoded so far, all crops
    int total = 0;
};

class AutomaticMaskGenerator {
public:
    explicit AutomaticMaskGenerator(AutomaticMaskOptions options = {});

    // Checked before each crop's embedding and after each decoded point; answering false cancels
    // (generate then returns ErrorCode::Cancelled).
    void setProgress(std::function<bool(const AutomaticMaskProgress&)> progress);

    // Runs on the predictor's thread; leaves the predictor's current image set to the last crop.
    // InvalidArgument for options outside their range or an empty image.
    Result<std::vector<AutomaticMask>> generate(sam::SamPredictor& predictor,
                                                const sam::SamImage& image) const;

    [[nodiscard]] const AutomaticMaskOptions& options() const { return m_options; }

private:
    AutomaticMaskOptions m_options;
    std::function<bool(const AutomaticMaskProgress&)> m_progress;
};

} // namespace delineate::automask
