#pragma once
// The data set of a project (or of a list of image + label files): its studies, loaded one at a time,
// and the examples retraining learns from -- the reviewed slices of one label across every study.
//
// Each study keeps its own intensity window (fewshot::samInputSlice windows every slice on its own) and
// the plane(s) its slices were reviewed in (the reviewed map's axes). A study that cannot be loaded (file
// gone, grid of its label map changed, ...) is named in `skipped` with its error, and the others go on.
// Slice descriptions (adapter metadata): "<study id> <axis> <index>", e.g. "study-2 K 57".

#include "base/Result.h"
#include "fewshot/DatasetSplit.h"
#include "fewshot/TrainingSet.h"
#include "image/LabelMap.h"
#include "io/StudyLoader.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace delineate::labels {
class LabelTable;
}
namespace delineate::project {
struct Project;
}

namespace delineate::fewshot {

struct DatasetStudy {
    std::string id;
    std::string imagePath;
    io::LoadOptions load;
    std::string labelsPath;                         // empty: no saved label map
    std::map<int, std::set<std::int64_t>> reviewed; // slice axis (0 = I, 1 = J, 2 = K) -> slices
};

// The studies of the project in `folder` in manifest order: paths resolved from the folder
// (ProjectStore::resolveStudyPath), the saved label map when there is one.
[[nodiscard]] std::vector<DatasetStudy> projectStudies(const std::string& folder,
                                                       const project::Project& project);

// The value of the label called `name` in `table` (exact match; InvalidArgument naming the labels there).
[[nodiscard]] Result<image::LabelMap::Value> labelValueByName(const labels::LabelTable& table,
                                                              const std::string& name);

struct LoadedStudy {
    io::Study study;
    image::LabelMap labels;
};
// Loads a study and its label map (InvalidArgument when it has none).
[[nodiscard]] Result<LoadedStudy> loadDatasetStudy(const DatasetStudy& study);

// Which slices of a study become examples: those reviewed, or every slice (along `axis`) that holds the
// label, at most `maxSlices` of them spread evenly (0: all).
enum class SliceSelection { Reviewed, AllLabelled };
struct SelectionOptions {
    SliceSelection selection = SliceSelection::Reviewed;
    image::SliceAxis axis = image::SliceAxis::K; // AllLabelled only
    std::size_t maxSlices = 0;                   // AllLabelled only
};
[[nodiscard]] std::vector<SliceRef> selectSlices(const DatasetStudy& study, const image::LabelMap& labels,
                                                 image::LabelMap::Value value,
                                                 const SelectionOptions& options);

struct SkippedStudy {
    std::string studyId;
    Error error;
};
struct GatheredDataset {
    std::vector<StudyExamples> studies; // studies with at least one example, in the order given
    std::vector<SkippedStudy> skipped;
    [[nodiscard]] std::size_t sliceCount() const;
};

// Examples of label `value` from every study (those without a selected slice are not loaded).
// `cancel` is polled between studies (Cancelled error).
[[nodiscard]] Result<GatheredDataset> gatherExamples(const std::vector<DatasetStudy>& studies,
                                                     image::LabelMap::Value value,
                                                     const SelectionOptions& options = {},
                                                     const std::atomic<bool>* cancel = nullptr);

} // namespace delineate::fewshot
