#pragma once
// One annotated slice to train on, and what a training run reports (torch-free).
//
//   rgb   height x width x 3 uint8, row-major (the slice as SAM sees it, after windowing)
//   mask  height x width uint8, 0 = background, non-zero = the label

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace delineate::train {

struct TrainingSlice {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;
    std::vector<std::uint8_t> mask;
    std::string description; // e.g. "series 3, axial 57" (goes into the saved metadata)
    // Pixel size along the width and the height (mm; 1 when the study has no physical spacing), for
    // surface distances in evaluation. Training does not use it.
    double spacingX = 1.0;
    double spacingY = 1.0;
};

struct TrainingProgress {
    int iteration = 0; // 1-based, completed iterations
    double loss = 0.0; // Dice + CE of this iteration's batch
    double learningRate = 0.0;
    // Mean Dice over the held-out slices at this iteration; NaN when not evaluated.
    double heldOutDice = std::numeric_limits<double>::quiet_NaN();
    double elapsedSeconds = 0.0;
};

enum class StopReason { IterationBudget, TimeBudget, Cancelled, EarlyStopping };

struct TrainingReport {
    int iterations = 0;
    double seconds = 0.0;
    double firstLoss = std::numeric_limits<double>::quiet_NaN();
    double finalLoss = std::numeric_limits<double>::quiet_NaN(); // mean of the last iterations
    double bestHeldOutDice = std::numeric_limits<double>::quiet_NaN();
    int bestIteration = 0; // weights restored from here when held-out evaluation ran
    StopReason stopReason = StopReason::IterationBudget;
    std::vector<double> losses; // one per iteration
};

[[nodiscard]] inline const char* stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::IterationBudget:
        return "iteration_budget";
    case StopReason::TimeBudget:
        return "time_budget";
    case StopReason::Cancelled:
        return "cancelled";
    case StopReason::EarlyStopping:
        return "early_stopping";
    }
    return "?";
}

} // namespace delineate::train
