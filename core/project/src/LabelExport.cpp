#include "project/LabelExport.h"

#include "image/LabelMap.h"
#include "io/StudyLoader.h"
#include "labels/LabelTable.h"
#include "labels/LabelTableJson.h"

#include <cctype>
#include <filesystem>

namespace delineate::project {
namespace {

std::string fileSafe(std::string name)
{
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_')
            c = '_';
    return name;
}

bool endsWithPng(const std::string& path)
{
    std::string extension = std::filesystem::path(path).extension().string();
    for (char& c : extension)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return extension == ".png";
}

} // namespace

Result<void> exportLabelMap(const image::LabelMap& labels, const io::Study& study,
                            const labels::LabelTable& table, const std::string& path)
{
    if (auto written = io::saveLabelMap(labels, study, path); !written)
        return written.error();
    return labels::writeLabelTableJson(table, labels::labelTablePathFor(path));
}

Result<std::vector<std::string>> exportPerLabel(const image::LabelMap& labels, const io::Study& study,
                                                const labels::LabelTable& table, const std::string& path)
{
    const std::filesystem::path folder = std::filesystem::path(path).parent_path();
    const bool png = endsWithPng(path);
    const image::LabelMap::Value on = png ? 255 : 1;
    std::vector<std::string> files;
    for (const labels::LabelEntry& label : table.entries()) {
        image::LabelMap single = labels;
        for (std::size_t v = 0; v < single.voxelCount(); ++v)
            single.data()[v] = single.data()[v] == label.value ? on : 0;
        const std::string file =
            (folder / (std::to_string(label.value) + "-" + fileSafe(label.name) + (png ? ".png" : ".nii.gz")))
                .string();
        if (auto written = io::saveLabelMap(single, study, file); !written)
            return written.error();
        files.push_back(file);
    }
    return files;
}

} // namespace delineate::project
