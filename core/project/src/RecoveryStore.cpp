#include "project/RecoveryStore.h"

#include "base/AtomicFile.h"
#include "labels/LabelTableJson.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>

namespace delineate::project {
namespace {

namespace fs = std::filesystem;

constexpr const char* kInfoSuffix = ".study.json";

std::uint64_t fnv1a(const std::string& text)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

bool samePath(const fs::path& a, const fs::path& b)
{
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec))
        return fs::equivalent(a, b, ec);
    return fs::absolute(a, ec).lexically_normal() == fs::absolute(b, ec).lexically_normal();
}

} // namespace

std::string RecoveryStore::stem(const StudyEntry& study) const
{
    const std::string key = study.path + '\n' + study.seriesUid + '\n' + std::to_string(study.stack) + '\n' +
                            std::to_string(study.frame);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(key)));
    return (fs::path(m_folder) / (m_owner.empty() ? std::string(hex) : hex + ("-" + m_owner))).string();
}

std::string RecoveryStore::labelMapPath(const StudyEntry& study) const
{
    return stem(study) + ".nii.gz";
}

std::string RecoveryStore::labelTablePath(const StudyEntry& study) const
{
    return labels::labelTablePathFor(labelMapPath(study));
}

std::string RecoveryStore::infoPath(const StudyEntry& study) const
{
    return stem(study) + kInfoSuffix;
}

std::string RecoveryStore::info(const StudyEntry& study)
{
    return nlohmann::json{
        {"path", study.path}, {"series_uid", study.seriesUid}, {"stack", study.stack}, {"frame", study.frame}}
        .dump(2);
}

std::vector<RecoveryStore::Found> RecoveryStore::find(const std::string& studyPath) const
{
    std::vector<Found> found;
    std::error_code ec;
    const std::string suffix = kInfoSuffix;
    for (fs::directory_iterator it(m_folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() <= suffix.size() ||
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        Result<std::string> text = readFile(it->path().string(), 1 << 16);
        if (!text)
            continue;
        const nlohmann::json info = nlohmann::json::parse(text.value(), nullptr, false);
        if (!info.is_object() || !info.contains("path") || !info["path"].is_string())
            continue;
        const std::string labels =
            it->path().string().substr(0, it->path().string().size() - suffix.size()) + ".nii.gz";
        std::error_code exists;
        if (!samePath(info["path"].get<std::string>(), studyPath) || !fs::is_regular_file(labels, exists))
            continue;
        Found entry;
        try {
            entry.seriesUid = info.value("series_uid", std::string());
            entry.stack = info.value("stack", 0);
            entry.frame = info.value("frame", 0);
        } catch (const nlohmann::json::exception&) {
            continue; // a damaged description: nothing to recover
        }
        entry.labelsPath = labels;
        entry.written = fs::last_write_time(labels, exists);
        found.push_back(std::move(entry));
    }
    std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
        return a.written > b.written || (a.written == b.written && a.labelsPath < b.labelsPath);
    });
    return found;
}

void RecoveryStore::removeCopy(const std::string& labelsPath) const
{
    const std::string suffix = ".nii.gz";
    if (labelsPath.size() <= suffix.size() ||
        labelsPath.compare(labelsPath.size() - suffix.size(), suffix.size(), suffix) != 0)
        return;
    std::error_code ec;
    fs::remove(labelsPath, ec);
    fs::remove(labels::labelTablePathFor(labelsPath), ec);
    fs::remove(labelsPath.substr(0, labelsPath.size() - suffix.size()) + kInfoSuffix, ec);
}

void RecoveryStore::remove(const StudyEntry& study) const
{
    std::error_code ec;
    fs::remove(labelMapPath(study), ec);
    fs::remove(labelTablePath(study), ec);
    fs::remove(infoPath(study), ec);
}

} // namespace delineate::project
