#pragma once
// What `train` on one study and `train --project / --dataset` share (TrainCommand.cpp).

#include "CommandOptions.h"
#include "train/Trainer.h"

namespace delineate::cli {

// --preset, --scope, --method, --prompts, the numeric options, --no-augment, --device.
[[nodiscard]] Result<train::TrainingSettings> trainingSettingsFrom(const CommandOptions& options);
// One line on stderr every 10 iterations and at every held-out evaluation.
void printTrainingProgress(const train::TrainingProgress& progress, int maxIterations);
// train --project / --dataset (DatasetTrainCommand.cpp).
int runDatasetTrain(const CommandOptions& options);

} // namespace delineate::cli
