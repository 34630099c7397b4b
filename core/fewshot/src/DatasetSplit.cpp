#include "fewshot/DatasetSplit.h"

#include "fewshot/TrainingSet.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace delineate::fewshot {

Result<DatasetSplit> splitByStudy(std::vector<StudyExamples> studies,
                                  const std::vector<std::string>& heldOutStudies, double heldOutFraction)
{
    std::vector<StudyExamples> present;
    for (auto& study : studies)
        if (!study.slices.empty())
            present.push_back(std::move(study));
    std::set<std::string> held(heldOutStudies.begin(), heldOutStudies.end());
    for (const std::string& id : held)
        if (std::none_of(present.begin(), present.end(),
                         [&](const StudyExamples& s) { return s.studyId == id; }))
            return makeError(ErrorCode::InvalidArgument, "",
                             "held-out study '" + id + "' has no labelled examples in the data set");
    DatasetSplit split;
    const auto count = static_cast<long>(present.size());
    if (held.empty() && count == 1) {
        TrainingSplit bySlice = splitTrainingSlices(std::move(present.front().slices));
        split.training = std::move(bySlice.training);
        split.heldOut = std::move(bySlice.heldOut);
        split.trainingStudies.push_back(present.front().studyId);
        if (!split.heldOut.empty())
            split.heldOutStudies.push_back(present.front().studyId);
        return split;
    }
    if (held.empty() && count >= 2) {
        const long h =
            std::min(count - 1, std::max(1L, std::lround(static_cast<double>(count) * heldOutFraction)));
        for (long i = count - h; i < count; ++i)
            held.insert(present[static_cast<std::size_t>(i)].studyId);
    }
    split.leaveStudiesOut = !held.empty();
    for (auto& study : present) {
        const bool isHeld = held.count(study.studyId) != 0;
        auto& target = isHeld ? split.heldOut : split.training;
        (isHeld ? split.heldOutStudies : split.trainingStudies).push_back(study.studyId);
        for (auto& slice : study.slices)
            target.push_back(std::move(slice));
    }
    if (split.training.empty())
        return makeError(ErrorCode::InvalidArgument, "",
                         "every study with examples is held out: nothing to train on");
    return split;
}

} // namespace delineate::fewshot
