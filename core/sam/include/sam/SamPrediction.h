#pragma once
// Result of one prediction (torch-free). All masks are LOGITS (threshold at 0 for a mask).
//   masks        maskCount x height x width, original image size, row-major
//   lowResMasks  maskCount x 256 x 256, the decoder output (model-input frame / 4, padded area
//                included); feed one back as SamPrompt::maskInput
//   iouScores    maskCount predicted IoU values
// maskCount is numMultimaskOutputs (3, or num_cls for finetune-SAM) with multimask, else 1.

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

    [[nodiscard]] const float* mask(int index) const { return masks.data() + static_cast<std::size_t>(index) * width * height; }
    [[nodiscard]] const float* lowResMask(int index) const
    {
        return lowResMasks.data() + static_cast<std::size_t>(index) * lowResSize * lowResSize;
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
