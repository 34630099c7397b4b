#pragma once
// Prompts for one mask prediction, in ORIGINAL image pixels (torch-free).
// Frame: x to the right, y down, pixel (row i, column j) has coordinates (x = j, y = i);
// fractional values are allowed. The predictor maps them to the model-input frame
// (ResizeTransform) and the prompt encoder adds 0.5 (pixel centres).

#include <optional>
#include <vector>

namespace delineate::sam {

struct SamPoint {
    double x = 0.0;
    double y = 0.0;
    int label = 1; // 1 foreground, 0 background
};

struct SamBox {
    double x0 = 0.0; // XYXY: top-left corner ...
    double y0 = 0.0;
    double x1 = 0.0; // ... bottom-right corner
    double y1 = 0.0;
};

// An empty prompt (no points, no box, no mask) runs the prompt-free mode
// (prompt_encoder(None, None, None)), as finetune-SAM's automatic segmentation does.
struct SamPrompt {
    std::vector<SamPoint> points;
    std::optional<SamBox> box;
    // Empty, or 256 x 256 low-res logits (row-major) from a previous prediction, typically
    // SamPrediction::lowResMasks of its best mask.
    std::vector<float> maskInput;
};

} // namespace delineate::sam
