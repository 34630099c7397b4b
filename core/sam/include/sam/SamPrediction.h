#pragma once
// Result of one prediction (torch-free). All masks are LOGITS (threshold at 0 for a mask).
//   masks        maskCount x height x width, original image size, row-major
//   lowResMasks  maskCount x 256 x 256, the decoder output (model-input frame / 4, padded area
//                included); feed one back as SamPrompt::maskInput
//   iouScores    maskCount predicted IoU values
// maskCount is numMultimaskOutputs (3, or num_cls for finetune-SAM) with multimask, else 1.
// stabilityScore(i) is segment-anything's utils/amg.py calculate_stability_score on mask i (original
// size): the IoU of the mask thresholded at threshold + offset and at threshold - offset, i.e.
// count(logit > threshold + offset) / count(logit > threshold - offset); 0 when the second count is 0
// (upstream divides 0 by 0 there). SamAutomaticMaskGenerator uses offset 1.0 and threshold 0.

#include <cstddef>
#include <vector>

namespace delineate::sam {

struct SamPrediction {
    int maskCount = 0;
    int width = 0;
    int height = 0;
    std::vector<float> masks;
    std::vector<float> iouScores;
    std::vector<float> lowResMasks;

    static constexpr int lowResSize = 256;

    [[nodiscard]] const float* mask(int index) const
    {
        return masks.data() + static_cast<std::size_t>(index) * width * height;
    }
    [[nodiscard]] const float* lowResMask(int index) const
    {
        return lowResMasks.data() + static_cast<std::size_t>(index) * lowResSize * lowResSize;
    }
    [[nodiscard]] double stabilityScore(int index, double offset = 1.0, double threshold = 0.0) const
    {
        const float* logits = mask(index);
        const std::size_t pixels = static_cast<std::size_t>(width) * height;
        std::size_t intersection = 0;
        std::size_t unionCount = 0;
        for (std::size_t p = 0; p < pixels; ++p) {
            intersection += logits[p] > threshold + offset ? 1 : 0;
            unionCount += logits[p] > threshold - offset ? 1 : 0;
        }
        return unionCount == 0 ? 0.0 : static_cast<double>(intersection) / static_cast<double>(unionCount);
    }
    // Index of the highest predicted IoU (0 when empty).
    [[nodiscard]] int bestIndex() const
    {
        int best = 0;
        for (int i = 1; i < maskCount; ++i)
            if (iouScores[static_cast<std::size_t>(i)] > iouScores[static_cast<std::size_t>(best)])
                best = i;
        return best;
    }
};

} // namespace delineate::sam
