#pragma once
// Training and held-out examples for a retrain over several studies (leave-studies-out), so that the
// held-out Dice predicts how the model does on the next study rather than on a neighbour slice.
//
// Rule (deterministic; only studies with at least one example count, in the order given):
//   - heldOutStudies named: exactly those studies are held out (an unknown id is an error);
//   - else with S >= 2 studies: the last h = min(S - 1, max(1, round(S * heldOutFraction))) studies are
//     held out (project order: the most recently added studies stand for "the next study");
//   - else (one study): that study's slices are split by splitTrainingSlices (TrainingSet.h).
// Examples keep their order within each set.

#include "base/Result.h"
#include "train/TrainingSlice.h"

#include <string>
#include <vector>

namespace delineate::fewshot {

struct StudyExamples {
    std::string studyId;
    std::vector<train::TrainingSlice> slices;
};

struct DatasetSplit {
    std::vector<train::TrainingSlice> training;
    std::vector<train::TrainingSlice> heldOut;
    std::vector<std::string> trainingStudies;
    std::vector<std::string> heldOutStudies;
    bool leaveStudiesOut = false; // false: one study, split by slice
};

[[nodiscard]] Result<DatasetSplit> splitByStudy(std::vector<StudyExamples> studies,
                                                const std::vector<std::string>& heldOutStudies = {},
                                                double heldOutFraction = 0.25);

} // namespace delineate::fewshot
