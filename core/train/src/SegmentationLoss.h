#pragma once
// The paper's loss: Dice + cross-entropy with equal weights, exactly as finetune-SAM computes it
// (monai 1.3.1 DiceLoss(sigmoid=True, squared_pred=True, to_onehot_y=True, reduction="mean"),
// smooth_nr = smooth_dr = 1e-5, include_background, per sample and class; plus nn.CrossEntropyLoss).
//
//   logits  (B, C, H, W) float, C >= 2 class channels
//   target  (B, 1, H, W) or (B, H, W) int64 class indices in [0, C)

#include <torch/torch.h>

namespace delineate::train {

struct LossTerms {
    torch::Tensor total; // dice + crossEntropy (scalar)
    torch::Tensor dice;
    torch::Tensor crossEntropy;
};

[[nodiscard]] LossTerms segmentationLoss(const torch::Tensor& logits, const torch::Tensor& target);

// The same loss for a model with one mask output (official SAM checkpoints, single-mask mode):
//   logits (B, 1, H, W) foreground logits; target as above with values in {0, 1}.
// Dice: 1 - (2 sum(p t) + s) / (sum(p^2) + sum(t^2) + s) per sample on the foreground channel
// (sigmoid, squared, s = 1e-5), mean over B; cross-entropy: binary cross-entropy with logits.
[[nodiscard]] LossTerms binarySegmentationLoss(const torch::Tensor& logits, const torch::Tensor& target);

} // namespace delineate::train
