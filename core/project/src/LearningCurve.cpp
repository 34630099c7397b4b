#include "project/LearningCurve.h"

#include "base/AtomicFile.h"
#include "project/ProjectStore.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace delineate::project {
namespace {

std::string quoted(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char c : text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string formatted(double value, const char* format = "%.4f")
{
    if (!std::isfinite(value))
        return {};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& item : items)
        out += (out.empty() ? "" : ";") + item;
    return out;
}

} // namespace

std::string learningCurveCsv(const Project& project)
{
    std::string csv =
        "version,created,label,strategy,reviewed_slices,studies,held_out_studies,held_out_slices,"
        "seconds,base_dice_prompt_free,base_dice_box,base_dice_point,dice_prompt_free,dice_box,"
        "dice_point,adapter\n";
    int version = 0;
    for (const RetrainRecord& r : project.retrains) {
        const std::string fields[] = {std::to_string(++version),
                                      quoted(r.created),
                                      quoted(r.label),
                                      quoted(r.strategy),
                                      std::to_string(r.reviewedSlices),
                                      quoted(joined(r.studies)),
                                      quoted(joined(r.heldOutStudies)),
                                      std::to_string(r.heldOutSlices),
                                      formatted(r.seconds, "%.1f"),
                                      formatted(r.baseDicePromptFree),
                                      formatted(r.baseDiceBox),
                                      formatted(r.baseDicePoint),
                                      formatted(r.dicePromptFree),
                                      formatted(r.diceBox),
                                      formatted(r.dicePoint),
                                      quoted(r.adapter)};
        std::string line;
        for (const std::string& field : fields)
            line += (line.empty() ? "" : ",") + field;
        csv += line + "\n";
    }
    return csv;
}

Result<void> writeLearningCurveCsv(const Project& project, const std::string& path)
{
    return writeFileAtomically(path, learningCurveCsv(project));
}

Result<Project> appendRetrain(const std::string& folder, const RetrainRecord& record,
                              const std::optional<AdapterEntry>& adapter)
{
    const ProjectStore store(folder);
    auto project = store.load();
    if (!project)
        return project.error();
    project->retrains.push_back(record);
    if (adapter && std::none_of(project->adapters.begin(), project->adapters.end(),
                                [&](const AdapterEntry& listed) { return listed.file == adapter->file; }))
        project->adapters.push_back(*adapter);
    if (auto saved = store.save(*project); !saved)
        return saved.error();
    return project;
}

} // namespace delineate::project
