#include "project/Project.h"

namespace delineate::project {

std::string Project::activeAdapterFor(const std::string& label) const
{
    const auto it = activeAdapters.find(label);
    return it == activeAdapters.end() ? std::string() : it->second;
}

std::string Project::adapterLabel(const std::string& file) const
{
    for (const AdapterEntry& adapter : adapters)
        if (adapter.file == file && !adapter.label.empty())
            return adapter.label;
    for (auto it = retrains.rbegin(); it != retrains.rend(); ++it)
        if (it->adapter == file)
            return it->label;
    return {};
}

StudyEntry* Project::findStudy(const std::string& id)
{
    for (auto& study : studies)
        if (study.id == id)
            return &study;
    return nullptr;
}

const StudyEntry* Project::findStudy(const std::string& id) const
{
    return const_cast<Project*>(this)->findStudy(id);
}

const StudyEntry* Project::findStudy(const std::string& path, const std::string& seriesUid, int stack,
                                     int frame) const
{
    for (const auto& study : studies)
        if (study.path == path && study.seriesUid == seriesUid && study.stack == stack &&
            study.frame == frame)
            return &study;
    return nullptr;
}

StudyEntry& Project::addStudy(const std::string& path, const std::string& seriesUid, int frame, int stack)
{
    if (const StudyEntry* existing = findStudy(path, seriesUid, stack, frame))
        return *const_cast<StudyEntry*>(existing);
    int number = int(studies.size()) + 1;
    while (findStudy("study-" + std::to_string(number)))
        ++number;
    StudyEntry entry;
    entry.id = "study-" + std::to_string(number);
    entry.path = path;
    entry.seriesUid = seriesUid;
    entry.frame = frame;
    entry.stack = stack;
    studies.push_back(std::move(entry));
    return studies.back();
}

} // namespace delineate::project
