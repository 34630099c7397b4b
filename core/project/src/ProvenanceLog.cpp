#include "project/ProvenanceLog.h"

#include "base/AtomicFile.h"
#include "image/LabelMap.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace delineate::project {
namespace {

using nlohmann::json;

constexpr const char* kLogSchema = "delineate-provenance-log";
constexpr int kLogVersion = 1;
constexpr const char* kAxisNames[] = {"i", "j", "k"};

json provenanceFields(const SliceProvenance& p)
{
    json j;
    j["source"] = p.source;
    if (!p.model.empty())
        j["model"] = p.model;
    if (!p.adapter.empty())
        j["adapter"] = p.adapter;
    if (p.predictedIou)
        j["predicted_iou"] = *p.predictedIou;
    if (p.stability)
        j["stability"] = *p.stability;
    if (p.anchor)
        j["anchor"] = *p.anchor;
    if (p.fromSlice)
        j["from_slice"] = *p.fromSlice;
    if (!p.recorded.empty())
        j["recorded"] = p.recorded;
    return j;
}

SliceProvenance parseFields(const json& j)
{
    SliceProvenance p;
    p.source = j.at("source").get<std::string>();
    p.model = j.value("model", std::string());
    p.adapter = j.value("adapter", std::string());
    if (j.contains("predicted_iou"))
        p.predictedIou = j.at("predicted_iou").get<double>();
    if (j.contains("stability"))
        p.stability = j.at("stability").get<double>();
    if (j.contains("anchor"))
        p.anchor = j.at("anchor").get<std::int64_t>();
    if (j.contains("from_slice"))
        p.fromSlice = j.at("from_slice").get<std::int64_t>();
    p.recorded = j.value("recorded", std::string());
    return p;
}

} // namespace

void ProvenanceLog::record(int axis, std::uint16_t label, std::int64_t slice, SliceProvenance provenance)
{
    m_records[{axis, label, slice}] = std::move(provenance);
}

void ProvenanceLog::forget(int axis, std::uint16_t label, std::int64_t slice)
{
    m_records.erase({axis, label, slice});
}

const SliceProvenance* ProvenanceLog::find(int axis, std::uint16_t label, std::int64_t slice) const
{
    const auto it = m_records.find({axis, label, slice});
    return it == m_records.end() ? nullptr : &it->second;
}

std::map<std::int64_t, SliceProvenance> ProvenanceLog::slices(int axis, std::uint16_t label) const
{
    std::map<std::int64_t, SliceProvenance> out;
    for (auto it = m_records.lower_bound({axis, label, INT64_MIN});
         it != m_records.end() && std::get<0>(it->first) == axis && std::get<1>(it->first) == label; ++it)
        out.emplace(std::get<2>(it->first), it->second);
    return out;
}

void ProvenanceLog::setReviewed(int axis, std::int64_t slice, bool reviewed, const std::string& when)
{
    if (reviewed)
        m_reviewed[{axis, slice}] = when;
    else
        m_reviewed.erase({axis, slice});
}

std::optional<std::string> ProvenanceLog::reviewedAt(int axis, std::int64_t slice) const
{
    const auto it = m_reviewed.find({axis, slice});
    return it == m_reviewed.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::string ProvenanceLog::toJson() const
{
    json records = json::array();
    for (const auto& [key, provenance] : m_records) {
        json j = provenanceFields(provenance);
        j["axis"] = std::get<0>(key);
        j["label"] = std::get<1>(key);
        j["slice"] = std::get<2>(key);
        records.push_back(std::move(j));
    }
    json reviewed = json::array();
    for (const auto& [key, when] : m_reviewed)
        reviewed.push_back({{"axis", key.first}, {"slice", key.second}, {"at", when}});
    const json document = {
        {"schema", kLogSchema}, {"version", kLogVersion}, {"records", records}, {"reviewed", reviewed}};
    return document.dump(2) + "\n";
}

Result<ProvenanceLog> ProvenanceLog::fromJson(const std::string& text, const std::string& path)
{
    try {
        const json document = json::parse(text);
        if (document.value("schema", std::string()) != kLogSchema)
            return makeError(ErrorCode::CorruptData, path, "not a Delineate provenance log");
        if (document.value("version", 0) != kLogVersion)
            return makeError(ErrorCode::CorruptData, path,
                             "provenance log version " + std::to_string(document.value("version", 0)) +
                                 " is not supported");
        ProvenanceLog log;
        for (const json& j : document.at("records")) {
            const int axis = j.at("axis").get<int>();
            if (axis < 0 || axis > 2)
                return makeError(ErrorCode::CorruptData, path,
                                 "provenance record with axis " + std::to_string(axis));
            log.record(axis, j.at("label").get<std::uint16_t>(), j.at("slice").get<std::int64_t>(),
                       parseFields(j));
        }
        for (const json& j : document.at("reviewed"))
            log.setReviewed(j.at("axis").get<int>(), j.at("slice").get<std::int64_t>(), true,
                            j.at("at").get<std::string>());
        return log;
    } catch (const json::exception& e) {
        return makeError(ErrorCode::CorruptData, path, std::string("provenance log: ") + e.what());
    }
}

Result<void> ProvenanceLog::save(const std::string& path) const
{
    return writeFileAtomically(path, toJson());
}

Result<ProvenanceLog> ProvenanceLog::load(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return ProvenanceLog{};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::ReadFailed, path, "cannot open the provenance log");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return makeError(ErrorCode::ReadFailed, path, "cannot read the provenance log");
    return fromJson(text.str(), path);
}

std::string ProvenanceLog::exportJson(const ExportContext& context, int axis,
                                      const std::map<std::uint16_t, std::vector<std::int64_t>>& present) const
{
    json labels = json::array();
    for (const auto& [value, slices] : present) {
        json entries = json::array();
        for (const std::int64_t slice : slices) {
            json entry = {{"index", slice}};
            if (const SliceProvenance* p = find(axis, value, slice)) {
                entry.update(provenanceFields(*p));
                entry["model"] = p->model.empty() ? json(nullptr) : json{{"checkpoint", p->model}};
                entry["adapter"] = p->adapter.empty() ? json(nullptr) : json{{"path", p->adapter}};
            } else {
                entry["source"] = "unknown";
            }
            const auto reviewed = reviewedAt(axis, slice);
            entry["reviewed"] = reviewed.has_value();
            if (reviewed)
                entry["reviewed_at"] = *reviewed;
            entries.push_back(std::move(entry));
        }
        labels.push_back({{"value", value}, {"slices", std::move(entries)}});
    }
    const json document = {{"schema", "delineate-provenance"},
                           {"version", 1},
                           {"created", context.created},
                           {"generator", context.generator},
                           {"study", context.study},
                           {"label_map", context.labelMap},
                           {"axis", kAxisNames[axis < 0 || axis > 2 ? 2 : axis]},
                           {"labels", std::move(labels)}};
    return document.dump(2) + "\n";
}

namespace {

std::string stemOf(const std::string& path)
{
    for (const char* extension : {".nii.gz", ".nii", ".mha", ".mhd", ".nrrd", ".png"}) {
        const std::string ext(extension);
        if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
            return path.substr(0, path.size() - ext.size());
    }
    return path;
}

} // namespace

std::string provenanceLogPathFor(const std::string& labelMapPath)
{
    return stemOf(labelMapPath) + ".provenance-log.json";
}

std::string provenanceExportPathFor(const std::string& labelMapPath)
{
    return stemOf(labelMapPath) + ".provenance.json";
}

Result<void> exportProvenance(const ProvenanceLog& log, const ExportContext& context,
                              const std::string& labelMapPath)
{
    int recordsPerAxis[3] = {0, 0, 0};
    for (const auto& [key, provenance] : log.records())
        ++recordsPerAxis[std::get<0>(key)];
    const int axis = int(std::max_element(std::rbegin(recordsPerAxis), std::rend(recordsPerAxis)) -
                         std::rbegin(recordsPerAxis));
    std::map<std::uint16_t, std::vector<std::int64_t>> present;
    for (const auto& [key, provenance] : log.records())
        if (std::get<0>(key) == 2 - axis)
            present[std::get<1>(key)].push_back(std::get<2>(key));
    return writeFileAtomically(provenanceExportPathFor(labelMapPath),
                               log.exportJson(context, 2 - axis, present));
}

Result<void> exportProvenance(const ProvenanceLog& log, const image::LabelMap& labels,
                              const std::vector<std::uint16_t>& values, const ExportContext& context,
                              const std::string& labelMapPath)
{
    std::vector<std::uint16_t> wanted = values;
    if (wanted.empty())
        for (const image::LabelMap::Value value : labels.presentValues())
            if (value != 0)
                wanted.push_back(value);
    int recordsPerAxis[3] = {0, 0, 0};
    for (const auto& [key, provenance] : log.records())
        if (std::find(wanted.begin(), wanted.end(), std::get<1>(key)) != wanted.end())
            ++recordsPerAxis[std::get<0>(key)];
    const int axis = recordsPerAxis[0] > recordsPerAxis[2] && recordsPerAxis[0] >= recordsPerAxis[1] ? 0
                     : recordsPerAxis[1] > recordsPerAxis[2]                                         ? 1
                                                                                                     : 2;
    const auto& size = labels.geometry().size;
    std::map<std::uint16_t, std::vector<bool>> holds;
    for (const std::uint16_t value : wanted)
        holds[value].assign(std::size_t(size[std::size_t(axis)]), false);
    const image::LabelMap::Value* voxel = labels.data();
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i, ++voxel)
                if (*voxel != 0)
                    if (const auto it = holds.find(*voxel); it != holds.end())
                        it->second[std::size_t(axis == 0 ? i : axis == 1 ? j : k)] = true;
    std::map<std::uint16_t, std::vector<std::int64_t>> present;
    for (const auto& [value, slices] : holds) {
        std::vector<std::int64_t>& list = present[value];
        for (std::size_t s = 0; s < slices.size(); ++s)
            if (slices[s])
                list.push_back(std::int64_t(s));
    }
    return writeFileAtomically(provenanceExportPathFor(labelMapPath), log.exportJson(context, axis, present));
}

} // namespace delineate::project
