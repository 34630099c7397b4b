// delineate-cli propagate: SAM propagation of one label through a study from anchor slices of a seed label
// map -> label map on the study's grid plus `<out>.provenance.json` (docs/provenance.md).
//
// The seed's label V on the anchor (and --reviewed) slices is kept as it is; on every other slice along the
// axis it is dropped, so a full reference can serve as seed. Without --anchors every slice holding V (but
// the reviewed ones) is an anchor. Other labels of the seed stay and are not overwritten (--overwrite).

#include "Commands.h"
#include "FewShotArguments.h"
#include "base/AtomicFile.h"
#include "fewshot/TrainingSet.h"
#include "propagation/PropagationProvenance.h"
#include "propagation/PropagationRun.h"
#include "propagation/ProposalApplier.h"
#include "propagation/SamSlicePredictor.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

namespace delineate::cli {
namespace {

const std::vector<OptionSpec> kSpecs = {
    {"--model"},
    {"--adapter"},
    {"--image"},
    {"--labels"},
    {"--label"},
    {"--anchors"},
    {"--axis"},
    {"--projection"},
    {"--iou-threshold"},
    {"--stability-threshold"},
    {"--stability-offset"},
    {"--margin"},
    {"--min-pixels"},
    {"--min-area-ratio"},
    {"--reviewed"},
    {"--locked"},
    {"--range"},
    {"--overwrite", false},
    {"--single-mask", false},
    {"--device"},
    {"--threads"},
    {"--out"},
    {"--series"},
    {"--stack"},
    {"--frame"},
    {"--quiet", false},
};

Result<std::vector<std::int64_t>> sliceListOption(const CommandOptions& o, const std::string& name)
{
    if (!o.has(name))
        return std::vector<std::int64_t>{};
    auto list = fewshot::parseSliceList(o.value(name));
    if (!list)
        return makeError(ErrorCode::InvalidArgument, "", name + ": " + list.error().detail);
    return list;
}

// Everything of the request that comes from options alone (not the anchors).
Result<propagation::PropagationRequest> requestFrom(const CommandOptions& o)
{
    propagation::PropagationRequest r;
    auto axis = sliceAxisOption(o);
    if (!axis)
        return axis.error();
    r.axis = *axis;
    auto value = o.integer("--label", 1, 65535);
    auto iou = o.number("--iou-threshold", -100.0, 100.0);
    auto stability = o.number("--stability-threshold", 0.0, 1.0);
    auto offset = o.number("--stability-offset", 0.0, 100.0);
    auto margin = o.number("--margin", 0.0, 10000.0);
    auto minPixels = o.integer("--min-pixels", 0, 1 << 30);
    auto minRatio = o.number("--min-area-ratio", 0.0, 1.0);
    for (const Error* e : {value ? nullptr : &value.error(), iou ? nullptr : &iou.error(),
                           stability ? nullptr : &stability.error(), offset ? nullptr : &offset.error(),
                           margin ? nullptr : &margin.error(), minPixels ? nullptr : &minPixels.error(),
                           minRatio ? nullptr : &minRatio.error()})
        if (e)
            return *e;
    r.value = static_cast<image::LabelMap::Value>(value->value_or(1));
    r.iouThreshold = iou->value_or(r.iouThreshold);
    r.stabilityThreshold = stability->value_or(r.stabilityThreshold);
    r.stabilityOffset = offset->value_or(r.stabilityOffset);
    r.boxMargin = margin->value_or(r.boxMargin);
    r.minPixels = minPixels->value_or(r.minPixels);
    r.minAreaRatio = minRatio->value_or(r.minAreaRatio);
    r.overwriteOtherLabels = o.has("--overwrite");
    r.multimask = !o.has("--single-mask");
    const auto projection = propagation::parseProjection(o.value("--projection", "box"));
    if (!projection)
        return makeError(ErrorCode::InvalidArgument, "",
                         "--projection must be box, mask, points or box+points");
    r.projection = *projection;
    auto reviewed = sliceListOption(o, "--reviewed");
    auto locked = sliceListOption(o, "--locked");
    auto range = sliceListOption(o, "--range");
    for (const Error* e : {reviewed ? nullptr : &reviewed.error(), locked ? nullptr : &locked.error(),
                           range ? nullptr : &range.error()})
        if (e)
            return *e;
    r.reviewed = *reviewed;
    r.locked = *locked;
    if (o.has("--range")) {
        r.first = range->front();
        r.last = range->back();
    }
    return r;
}

// Keeps the label on anchors and reviewed slices only; picks the anchors when none were given.
Result<void> prepareSeed(image::LabelMap& labels, propagation::PropagationRequest& r, bool anchorsGiven)
{
    const std::vector<std::int64_t> holding = fewshot::slicesContaining(labels, r.value, r.axis);
    if (!anchorsGiven)
        for (std::int64_t s : holding)
            if (std::find(r.reviewed.begin(), r.reviewed.end(), s) == r.reviewed.end())
                r.anchors.push_back(s);
    if (r.anchors.empty())
        return makeError(ErrorCode::InvalidArgument, "",
                         "the seed holds no slice of label " + std::to_string(r.value) +
                             " to propagate from");
    for (std::int64_t a : r.anchors)
        if (std::find(holding.begin(), holding.end(), a) == holding.end())
            return makeError(ErrorCode::InvalidArgument, "",
                             "anchor slice " + std::to_string(a) + " holds no voxel of label " +
                                 std::to_string(r.value));
    for (std::int64_t s : holding) {
        const bool keep = std::find(r.anchors.begin(), r.anchors.end(), s) != r.anchors.end() ||
                          std::find(r.reviewed.begin(), r.reviewed.end(), s) != r.reviewed.end();
        if (keep)
            continue;
        auto plane = image::extractLabelSlice(labels, r.axis, s);
        std::replace(plane.pixels.begin(), plane.pixels.end(), r.value, image::LabelMap::Value(0));
        if (auto written = image::writeLabelSlice(labels, r.axis, s, plane); !written)
            return written.error();
    }
    return {};
}

std::string stopsText(const propagation::PropagationResult& result)
{
    std::string text;
    for (const propagation::FrontStop& s : result.stops) {
        text += text.empty() ? "" : ", ";
        text += std::to_string(s.anchor) + (s.direction > 0 ? " up to " : " down to ") +
                std::to_string(s.lastSlice) + " (" + propagation::stopReasonName(s.reason) + ")";
    }
    return text;
}

} // namespace

int runPropagate(const Arguments& arguments)
{
    auto parsed = CommandOptions::parse(arguments, kSpecs);
    if (!parsed)
        return fail(parsed.error());
    const CommandOptions& o = *parsed;
    if (auto ok = o.require({"--model", "--image", "--labels", "--label", "--out"}, "propagate"); !ok)
        return fail(ok.error());
    auto request = requestFrom(o);
    if (!request)
        return fail(request.error());
    auto anchors = sliceListOption(o, "--anchors");
    auto samOptions = samOptionsFrom(o);
    auto load = loadOptionsFrom(o);
    for (const Error* e : {anchors ? nullptr : &anchors.error(), samOptions ? nullptr : &samOptions.error(),
                           load ? nullptr : &load.error()})
        if (e)
            return fail(*e);
    request->anchors = *anchors;

    auto study = loadStudyReporting(o.value("--image"), *load);
    if (!study)
        return fail(study.error());
    auto seed = io::loadLabelMap(o.value("--labels"), *study);
    if (!seed)
        return fail(seed.error());
    if (auto prepared = prepareSeed(*seed, *request, o.has("--anchors")); !prepared)
        return fail(Error{prepared.error().code, o.value("--labels"), prepared.error().detail});
    auto predictor = sam::SamPredictor::fromCheckpoint(o.value("--model"), *samOptions);
    if (!predictor)
        return fail(predictor.error());
    if (o.has("--adapter"))
        if (auto loaded = predictor->loadPeftWeights(o.value("--adapter")); !loaded)
            return fail(loaded.error());

    const auto start = std::chrono::steady_clock::now();
    const bool quiet = o.has("--quiet");
    propagation::PropagationControl control;
    control.progress = [quiet](const propagation::PropagationProgress& p) {
        if (!quiet)
            std::fprintf(stderr, "\rslice %lld: %d proposed, at most %d to go   ",
                         static_cast<long long>(p.lastSlice), p.proposals, p.slicesLeftAtMost);
    };
    propagation::SamSlicePredictor slices(*predictor, study->volume);
    const auto snapshot = std::make_shared<const image::LabelMap>(*seed);
    auto result = propagation::propagate(snapshot, *request, slices, control);
    if (!quiet)
        std::fputc('\n', stderr);
    if (!result)
        return fail(Error{result.error().code, o.value("--labels"), result.error().detail});
    if (auto applied = propagation::ProposalApplier::apply(*seed, *result); !applied)
        return fail(applied.error());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const std::string out = o.value("--out");
    propagation::ProvenanceContext context;
    context.generator = "delineate-cli propagate";
    context.study = o.value("--image");
    context.labelMap = std::filesystem::path(out).filename().string();
    context.created = propagation::utcTimestamp();
    context.model = {o.value("--model"), predictor->baseCheckpointSha256(),
                     sam::variantName(predictor->config().variant), o.value("--adapter")};
    for (std::int64_t s : fewshot::slicesContaining(*seed, request->value, request->axis))
        if (std::find(request->reviewed.begin(), request->reviewed.end(), s) != request->reviewed.end())
            context.reviewed.push_back(s);
    if (auto saved = io::saveLabelMap(*seed, *study, out); !saved)
        return fail(saved.error());
    const std::string provenancePath = propagation::provenancePathFor(out);
    if (auto written = writeFileAtomically(provenancePath, propagation::provenanceJson(*result, context));
        !written)
        return fail(written.error());
    const auto& proposals = result->proposals;
    std::printf(
        "%s: label %d propagated along %s from %zu anchor(s) over %zu slice(s) in %.1f s (%.2f slices/s, "
        "%d embeddings); fronts: %s -> %s, %s\n",
        o.value("--image").c_str(), static_cast<int>(request->value), o.value("--axis", "k").c_str(),
        result->request.anchors.size(), proposals.size(), seconds,
        seconds > 0 ? static_cast<double>(proposals.size()) / seconds : 0.0, slices.embeddingsComputed(),
        stopsText(*result).c_str(), out.c_str(), provenancePath.c_str());
    return 0;
}

} // namespace delineate::cli
