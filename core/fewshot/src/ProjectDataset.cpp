#include "fewshot/ProjectDataset.h"

#include "labels/LabelTable.h"
#include "project/Project.h"
#include "project/ProjectStore.h"

#include <cmath>
#include <filesystem>

namespace delineate::fewshot {

std::vector<DatasetStudy> projectStudies(const std::string& folder, const project::Project& project)
{
    const project::ProjectStore store(folder);
    std::vector<DatasetStudy> out;
    for (const project::StudyEntry& entry : project.studies) {
        DatasetStudy study;
        study.id = entry.id;
        study.imagePath = store.resolveStudyPath(entry);
        study.load.seriesUid = entry.seriesUid;
        study.load.stack = entry.stack;
        study.load.frame = entry.frame;
        std::error_code ec;
        if (!entry.labelFile.empty() && std::filesystem::is_regular_file(store.labelMapPath(entry), ec))
            study.labelsPath = store.labelMapPath(entry);
        study.reviewed = entry.reviewed;
        out.push_back(std::move(study));
    }
    return out;
}

Result<image::LabelMap::Value> labelValueByName(const labels::LabelTable& table, const std::string& name)
{
    std::string names;
    for (const labels::LabelEntry& entry : table.entries()) {
        if (entry.name == name)
            return static_cast<image::LabelMap::Value>(entry.value);
        names += (names.empty() ? "" : ", ") + entry.name;
    }
    return makeError(ErrorCode::InvalidArgument, "",
                     "no label called '" + name + "' (labels: " + (names.empty() ? "none" : names) + ")");
}

Result<LoadedStudy> loadDatasetStudy(const DatasetStudy& study)
{
    if (study.labelsPath.empty())
        return makeError(ErrorCode::InvalidArgument, study.imagePath,
                         "study " + study.id + " has no saved label map");
    auto loaded = io::loadStudy(study.imagePath, study.load);
    if (!loaded)
        return loaded.error();
    auto labels = io::loadLabelMap(study.labelsPath, *loaded);
    if (!labels)
        return labels.error();
    return LoadedStudy{std::move(loaded).value(), std::move(labels).value()};
}

std::vector<SliceRef> selectSlices(const DatasetStudy& study, const image::LabelMap& labels,
                                   image::LabelMap::Value value, const SelectionOptions& options)
{
    std::vector<SliceRef> refs;
    if (options.selection == SliceSelection::Reviewed) {
        for (const auto& [axis, slices] : study.reviewed)
            for (std::int64_t index : slices)
                refs.push_back({static_cast<image::SliceAxis>(axis), index});
        return refs;
    }
    const std::vector<std::int64_t> present = slicesContaining(labels, value, options.axis);
    const std::size_t n = present.size();
    const std::size_t take = options.maxSlices == 0 ? n : std::min(n, options.maxSlices);
    for (std::size_t i = 0; i < take; ++i) {
        // Centre of the i-th of `take` equal parts of the list.
        const auto at = static_cast<std::size_t>(
            std::floor((static_cast<double>(i) + 0.5) * static_cast<double>(n) / static_cast<double>(take)));
        refs.push_back({options.axis, present[std::min(at, n - 1)]});
    }
    return refs;
}

std::size_t GatheredDataset::sliceCount() const
{
    std::size_t n = 0;
    for (const auto& study : studies)
        n += study.slices.size();
    return n;
}

Result<GatheredDataset> gatherExamples(const std::vector<DatasetStudy>& studies, image::LabelMap::Value value,
                                       const SelectionOptions& options, const std::atomic<bool>* cancel)
{
    GatheredDataset out;
    for (const DatasetStudy& study : studies) {
        if (cancel && cancel->load())
            return makeError(ErrorCode::Cancelled, "", "gathering the training slices was cancelled");
        if (options.selection == SliceSelection::Reviewed && study.reviewed.empty())
            continue;
        auto loaded = loadDatasetStudy(study);
        if (!loaded) {
            out.skipped.push_back({study.id, loaded.error()});
            continue;
        }
        const std::vector<SliceRef> refs = selectSlices(study, loaded->labels, value, options);
        if (refs.empty())
            continue;
        auto slices = makeTrainingSlices(loaded->study.volume, loaded->labels, value, refs);
        if (!slices) {
            Error error = slices.error();
            error.path = study.imagePath;
            out.skipped.push_back({study.id, error});
            continue;
        }
        for (auto& slice : *slices)
            slice.description = study.id + " " + slice.description;
        out.studies.push_back({study.id, std::move(slices).value()});
    }
    return out;
}

} // namespace delineate::fewshot
