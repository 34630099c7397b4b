#include "propagation/PropagationProvenance.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>

namespace delineate::propagation {

namespace {

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

const char* axisName(image::SliceAxis axis)
{
    switch (axis) {
    case image::SliceAxis::I:
        return "i";
    case image::SliceAxis::J:
        return "j";
    case image::SliceAxis::K:
        return "k";
    }
    return "k";
}

nlohmann::json modelJson(const ModelIdentity& m)
{
    return {{"checkpoint", m.checkpoint}, {"sha256", m.checkpointSha256}, {"variant", m.variant}};
}

nlohmann::json adapterJson(const ModelIdentity& m)
{
    return m.adapter.empty() ? nlohmann::json(nullptr) : nlohmann::json{{"path", m.adapter}};
}

nlohmann::json stopJson(const FrontStop& s)
{
    nlohmann::json j = {{"anchor", s.anchor},
                        {"direction", s.direction > 0 ? "up" : "down"},
                        {"last_slice", s.lastSlice},
                        {"stop_slice", s.stopSlice ? nlohmann::json(*s.stopSlice) : nlohmann::json(nullptr)},
                        {"reason", stopReasonName(s.reason)}};
    if (s.predictedIou)
        j["predicted_iou"] = *s.predictedIou;
    if (s.stability)
        j["stability"] = *s.stability;
    return j;
}

nlohmann::json propagationJson(const PropagationResult& result, const ModelIdentity& model)
{
    const PropagationRequest& r = result.request;
    nlohmann::json stops = nlohmann::json::array();
    for (const FrontStop& s : result.stops)
        stops.push_back(stopJson(s));
    return {{"projection", projectionName(r.projection)},
            {"box_margin", r.boxMargin},
            {"multimask", r.multimask},
            {"iou_threshold", r.iouThreshold},
            {"stability_offset", r.stabilityOffset},
            {"stability_threshold", r.stabilityThreshold},
            {"min_pixels", r.minPixels},
            {"min_area_ratio", r.minAreaRatio},
            {"overwrite_other_labels", r.overwriteOtherLabels},
            {"anchors", r.anchors},
            {"locked", r.locked},
            {"model", modelJson(model)},
            {"adapter", adapterJson(model)},
            {"stops", stops}};
}

} // namespace

std::string provenancePathFor(const std::string& labelMapPath)
{
    for (const char* extension : {".nii.gz", ".nii", ".mha", ".mhd", ".nrrd"})
        if (endsWith(labelMapPath, extension))
            return labelMapPath.substr(0, labelMapPath.size() - std::string(extension).size()) +
                   ".provenance.json";
    return labelMapPath + ".provenance.json";
}

std::string utcTimestamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string provenanceJson(const PropagationResult& result, const ProvenanceContext& context)
{
    const PropagationRequest& r = result.request;
    std::vector<std::pair<std::int64_t, nlohmann::json>> slices;
    for (std::int64_t a : r.anchors)
        slices.emplace_back(a, nlohmann::json{{"index", a}, {"source", "anchor"}});
    for (std::int64_t s : context.reviewed)
        slices.emplace_back(s, nlohmann::json{{"index", s}, {"source", "reviewed"}});
    for (const SliceProposal& p : result.proposals)
        slices.emplace_back(p.slice, nlohmann::json{{"index", p.slice},
                                                    {"source", "propagation"},
                                                    {"anchor", p.anchor},
                                                    {"from_slice", p.fromSlice},
                                                    {"predicted_iou", p.predictedIou},
                                                    {"stability", p.stability},
                                                    {"pixels", p.pixels},
                                                    {"model", modelJson(context.model)},
                                                    {"adapter", adapterJson(context.model)}});
    std::stable_sort(slices.begin(), slices.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    nlohmann::json sliceList = nlohmann::json::array();
    for (auto& [index, entry] : slices)
        sliceList.push_back(std::move(entry));
    const nlohmann::json label = {
        {"value", r.value}, {"propagation", propagationJson(result, context.model)}, {"slices", sliceList}};
    const nlohmann::json document = {
        {"schema", "delineate-provenance"}, {"version", 1},
        {"created", context.created},       {"generator", context.generator},
        {"study", context.study},           {"label_map", context.labelMap},
        {"axis", axisName(r.axis)},         {"labels", nlohmann::json::array({label})}};
    return document.dump(2) + "\n";
}

} // namespace delineate::propagation
