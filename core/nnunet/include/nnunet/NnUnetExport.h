#pragma once
// Export of a project as an nnU-Net v2 raw data set (nnU-Net's documentation/dataset_format.md):
//
//   <out>/Dataset<NNN>_<name>/
//     imagesTr/<name>_<XXX>_0000.nii.gz   the study's image (one channel), geometry kept (io::saveVolume)
//     labelsTr/<name>_<XXX>.nii.gz        its label map on the same grid (io::saveLabelMap), values
//                                          renumbered 1..N in label-table order (nnU-Net wants
//                                          consecutive integers); voxels of values not in the table -> 0
//     dataset.json                         {"channel_names": {"0": <channel>}, "labels": {"background": 0,
//                                          <name>: 1, ...}, "numTraining": cases, "file_ending": ".nii.gz",
//                                          "name", "description", "delineate_cases": [{case, study_id,
//                                          study_path, original_values}]}
// <XXX> counts the exported cases from 000. Which studies: All (every study with a saved label map) or
// Complete: studies whose labels are complete -- at least one reviewed slice, and along one slice axis
// every slice holding any label is reviewed (a partly annotated study would teach nnU-Net that the rest
// is background). Studies left out are listed with the reason; studies that do not load or are RGB are
// left out too. Every file is written atomically; a data set folder that exists and is not empty is refused
// (stale cases would break numTraining).
//
// channel: nnU-Net normalises a channel called "CT" with its CT scheme, any other name with z-score.
// Default: the DICOM modality when every exported study is DICOM of one modality, else "image".

#include "base/Result.h"
#include "io/StudyLoader.h"
#include "labels/LabelTable.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace delineate::project {
struct Project;
}

namespace delineate::nnunet {

struct ExportSource {
    std::string id;
    std::string imagePath;
    io::LoadOptions load;
    std::string labelsPath;                         // empty: no saved label map
    std::map<int, std::set<std::int64_t>> reviewed; // slice axis -> reviewed slices
};

// The studies of the project in `folder` (paths resolved from the folder).
[[nodiscard]] std::vector<ExportSource> projectSources(const std::string& folder,
                                                       const project::Project& project);

enum class StudyChoice { Complete, All };

struct ExportOptions {
    std::string outputFolder;
    int datasetId = 501;            // 1..999
    std::string name = "Delineate"; // letters, digits, '-' (others become '-')
    StudyChoice studies = StudyChoice::Complete;
    std::string channel; // empty: see above
    std::string description;
};

struct ExportedCase {
    std::string caseId; // e.g. Delineate_000
    std::string studyId;
    std::string image; // paths written
    std::string labels;
};
struct LeftOut {
    std::string studyId;
    std::string reason;
};
struct ExportReport {
    std::string datasetFolder;
    std::vector<ExportedCase> cases;
    std::vector<LeftOut> leftOut;
    std::string channel;
};

// True when the study's labels count as complete (see above).
[[nodiscard]] bool labelsComplete(const image::LabelMap& labels,
                                  const std::map<int, std::set<std::int64_t>>& reviewed);

// InvalidArgument when no study qualifies or the table is empty; WriteFailed naming the file otherwise.
[[nodiscard]] Result<ExportReport> exportDataset(const std::vector<ExportSource>& sources,
                                                 const labels::LabelTable& table,
                                                 const ExportOptions& options);

} // namespace delineate::nnunet
