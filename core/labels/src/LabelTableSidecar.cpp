#include "labels/LabelTableSidecar.h"

#include "labels/ColourTableFile.h"
#include "labels/LabelTableJson.h"

#include <filesystem>

namespace delineate::labels {
namespace {

// "…/aal.nii.gz" → {"…/aal", "…/aal.nii"}: the stem without the image suffixes, and MRIcron's stem
// (the file name without .gz only).
std::pair<std::string, std::string> stems(const std::string& labelMapPath)
{
    std::string json = labelTablePathFor(labelMapPath);
    std::string stem = json.substr(0, json.size() - 5); // ".json"
    std::string mricron = labelMapPath;
    const std::string gz = ".gz";
    if (mricron.size() > gz.size() && mricron.compare(mricron.size() - gz.size(), gz.size(), gz) == 0)
        mricron.resize(mricron.size() - gz.size());
    return {stem, mricron};
}

bool exists(const std::string& path)
{
    std::error_code ignored;
    return std::filesystem::is_regular_file(path, ignored);
}

} // namespace

std::vector<std::string> labelTableSidecarCandidates(const std::string& labelMapPath)
{
    const auto [stem, mricron] = stems(labelMapPath);
    std::vector<std::string> candidates{labelTablePathFor(labelMapPath), stem + ".ctbl"};
    if (mricron != stem)
        candidates.push_back(mricron + ".txt");
    candidates.push_back(stem + ".txt");
    candidates.push_back(stem + ".label");
    if (mricron != stem)
        candidates.push_back(mricron + ".lut");
    candidates.push_back(stem + ".lut");
    return candidates;
}

Result<std::optional<LabelTable>> readLabelTableSidecar(const std::string& labelMapPath)
{
    std::optional<LabelTable> table;
    std::optional<IndexedColours> colours;
    for (const std::string& candidate : labelTableSidecarCandidates(labelMapPath)) {
        if (!exists(candidate) || (table && colours))
            continue;
        Result<ColourTableImport> imported = readColourTable(candidate);
        if (!imported)
            return imported.error();
        if (imported->table && !table) {
            table = std::move(imported->table);
            if (imported->format == ColourTableFormat::DelineateJson)
                return table; // our own table is complete: no LUT recolours it
        } else if (imported->colours && !colours) {
            colours = imported->colours;
        }
    }
    if (table && colours)
        applyIndexedColours(*table, *colours);
    return table;
}

} // namespace delineate::labels
