// delineate-cli everything: "segment everything" on one slice (core/automask, segment-anything's automatic
// mask generator) -> a label map on the study's grid with one value per mask (1 = highest predicted IoU;
// where masks overlap the higher one wins) and OUT.masks.json describing each value with the generator's
// fields (area, bbox XYWH, predicted_iou, stability_score, point_coords, crop_box) in slice pixels, and
// OUT.provenance.json (docs/provenance.md: each value on the slice "everything" with its IoU and stability).

#include "Commands.h"
#include "FewShotArguments.h"
#include "LabelProvenance.h"
#include "automask/AutomaticMaskGenerator.h"
#include "base/AtomicFile.h"
#include "image/Intensity.h"
#include "image/Slice.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

namespace delineate::cli {
namespace {

const std::vector<OptionSpec> kSpecs = {
    {"--model"},
    {"--adapter"},
    {"--image"},
    {"--slice"},
    {"--axis"},
    {"--out"},
    {"--points-per-side"},
    {"--iou-threshold"},
    {"--stability-threshold"},
    {"--stability-offset"},
    {"--nms-threshold"},
    {"--crop-layers"},
    {"--crop-nms-threshold"},
    {"--crop-points-downscale"},
    {"--device"},
    {"--threads"},
    {"--series"},
    {"--stack"},
    {"--frame"},
    {"--quiet", false},
};

Result<automask::AutomaticMaskOptions> generatorOptionsFrom(const CommandOptions& o)
{
    automask::AutomaticMaskOptions options;
    auto points = o.integer("--points-per-side", 1, 256);
    auto iou = o.number("--iou-threshold", 0.0, 1.0);
    auto stability = o.number("--stability-threshold", 0.0, 1.0);
    auto offset = o.number("--stability-offset", 0.0, 100.0);
    auto nms = o.number("--nms-threshold", 0.0, 1.0);
    auto layers = o.integer("--crop-layers", 0, 4);
    auto cropNms = o.number("--crop-nms-threshold", 0.0, 1.0);
    auto downscale = o.integer("--crop-points-downscale", 1, 16);
    for (const Error* e : {points ? nullptr : &points.error(), iou ? nullptr : &iou.error(),
                           stability ? nullptr : &stability.error(), offset ? nullptr : &offset.error(),
                           nms ? nullptr : &nms.error(), layers ? nullptr : &layers.error(),
                           cropNms ? nullptr : &cropNms.error(), downscale ? nullptr : &downscale.error()})
        if (e)
            return *e;
    options.pointsPerSide = static_cast<int>(points->value_or(options.pointsPerSide));
    options.predIouThreshold = iou->value_or(options.predIouThreshold);
    options.stabilityThreshold = stability->value_or(options.stabilityThreshold);
    options.stabilityOffset = offset->value_or(options.stabilityOffset);
    options.boxNmsThreshold = nms->value_or(options.boxNmsThreshold);
    options.cropLayers = static_cast<int>(layers->value_or(options.cropLayers));
    options.cropNmsThreshold = cropNms->value_or(options.cropNmsThreshold);
    options.cropPointsDownscaleFactor =
        static_cast<int>(downscale->value_or(options.cropPointsDownscaleFactor));
    return options;
}

nlohmann::json describe(const std::vector<automask::AutomaticMask>& masks, const CommandOptions& o,
                        std::int64_t slice, const automask::AutomaticMaskOptions& options)
{
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < masks.size(); ++i) {
        const automask::AutomaticMask& m = masks[i];
        list.push_back({{"value", i + 1},
                        {"area", m.area},
                        {"bbox", m.boxXywh()},
                        {"predicted_iou", m.predictedIou},
                        {"stability_score", m.stabilityScore},
                        {"point_coords", {{m.pointX, m.pointY}}},
                        {"crop_box", m.cropBoxXywh()}});
    }
    return {{"generator", "delineate-cli everything"},
            {"study", o.value("--image")},
            {"model", o.value("--model")},
            {"adapter", o.value("--adapter")},
            {"axis", o.value("--axis", "k")},
            {"slice", slice},
            {"options",
             {{"points_per_side", options.pointsPerSide},
              {"pred_iou_thresh", options.predIouThreshold},
              {"stability_score_thresh", options.stabilityThreshold},
              {"stability_score_offset", options.stabilityOffset},
              {"box_nms_thresh", options.boxNmsThreshold},
              {"crop_n_layers", options.cropLayers},
              {"crop_nms_thresh", options.cropNmsThreshold},
              {"crop_n_points_downscale_factor", options.cropPointsDownscaleFactor}}},
            {"masks", list}};
}

} // namespace

int runEverything(const Arguments& arguments)
{
    auto parsed = CommandOptions::parse(arguments, kSpecs);
    if (!parsed)
        return fail(parsed.error());
    const CommandOptions& o = *parsed;
    if (auto ok = o.require({"--model", "--image", "--out"}, "everything"); !ok)
        return fail(ok.error());
    auto options = generatorOptionsFrom(o);
    auto axis = sliceAxisOption(o);
    auto samOptions = samOptionsFrom(o);
    auto load = loadOptionsFrom(o);
    auto sliceOption = o.integer("--slice", 0, std::int64_t{1} << 40);
    for (const Error* e : {options ? nullptr : &options.error(), axis ? nullptr : &axis.error(),
                           samOptions ? nullptr : &samOptions.error(), load ? nullptr : &load.error(),
                           sliceOption ? nullptr : &sliceOption.error()})
        if (e)
            return fail(*e);

    auto study = io::loadStudy(o.value("--image"), *load);
    if (!study)
        return fail(study.error());
    const std::int64_t slices = image::sliceCount(study->volume.geometry(), *axis);
    const std::int64_t slice = sliceOption->value_or(slices / 2);
    if (slice >= slices)
        return fail(makeError(ErrorCode::InvalidArgument, o.value("--image"),
                              "--slice " + std::to_string(slice) + " is out of range (0.." +
                                  std::to_string(slices - 1) + ")"));
    auto predictor = sam::SamPredictor::fromCheckpoint(o.value("--model"), *samOptions);
    if (!predictor)
        return fail(predictor.error());
    if (o.has("--adapter"))
        if (auto loaded = predictor->loadPeftWeights(o.value("--adapter")); !loaded)
            return fail(loaded.error());

    const image::Image2D<float> plane = image::extractSlice(study->volume, *axis, slice);
    const std::vector<std::uint8_t> rgb = image::toRgb8(plane, image::samInputWindow(study->volume, plane));
    automask::AutomaticMaskGenerator generator(*options);
    const bool quiet = o.has("--quiet");
    generator.setProgress([quiet](const automask::AutomaticMaskProgress& p) {
        if (!quiet)
            std::fprintf(stderr, "\rdecoded %d of %d grid points   ", p.decoded, p.total);
        return true;
    });
    const auto start = std::chrono::steady_clock::now();
    auto masks = generator.generate(*predictor, {rgb.data(), plane.width, plane.height, 3});
    if (!quiet)
        std::fputc('\n', stderr);
    if (!masks)
        return fail(Error{masks.error().code, o.value("--image"), masks.error().detail});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (masks->size() > 65535)
        return fail(makeError(ErrorCode::InvalidArgument, o.value("--image"),
                              std::to_string(masks->size()) + " masks do not fit a 16-bit label map"));

    auto labels = image::LabelMap::createFor(study->volume);
    if (!labels)
        return fail(labels.error());
    image::Image2D<image::LabelMap::Value> painted{plane.width, plane.height, 1,
                                                   std::vector<image::LabelMap::Value>(rgb.size() / 3, 0)};
    for (std::size_t i = masks->size(); i-- > 0;) { // lowest first: the best mask is painted last
        const std::vector<std::uint8_t> full = (*masks)[i].fullMask();
        for (std::size_t p = 0; p < full.size(); ++p)
            if (full[p])
                painted.pixels[p] = static_cast<image::LabelMap::Value>(i + 1);
    }
    if (auto written = image::writeLabelSlice(*labels, *axis, slice, painted); !written)
        return fail(written.error());
    const std::string out = o.value("--out");
    if (auto saved = io::saveLabelMap(*labels, *study, out); !saved)
        return fail(saved.error());
    const std::string jsonPath = out + ".masks.json";
    if (auto written = writeFileAtomically(jsonPath, describe(*masks, o, slice, *options).dump(1) + "\n");
        !written)
        return fail(written.error());
    const project::ExportContext context = exportContext(o, "everything");
    project::ProvenanceLog log;
    for (std::size_t i = 0; i < masks->size(); ++i) {
        project::SliceProvenance record = modelRecord(o, "everything", context.created);
        record.predictedIou = (*masks)[i].predictedIou;
        record.stability = (*masks)[i].stabilityScore;
        log.record(static_cast<int>(*axis), static_cast<std::uint16_t>(i + 1), slice, std::move(record));
    }
    if (auto written = writeLabelProvenance(log, *labels, context, out); !written)
        return fail(written.error());
    std::printf("%s: slice %lld along %s, %zu mask(s) in %.1f s -> %s, %s, %s\n", o.value("--image").c_str(),
                static_cast<long long>(slice), o.value("--axis", "k").c_str(), masks->size(), seconds,
                out.c_str(), jsonPath.c_str(), project::provenanceExportPathFor(out).c_str());
    return 0;
}

} // namespace delineate::cli
