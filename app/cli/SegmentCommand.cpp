// delineate-cli segment: prompt-free SAM segmentation of a whole study (base model + optional adapter)
// -> label map on the study's grid plus `<out>.provenance.json` (every slice holding the value:
// "prompt_free" with the model and adapter).

#include "Commands.h"
#include "FewShotArguments.h"
#include "LabelProvenance.h"
#include "fewshot/StudySegmentation.h"
#include "image/Slice.h"

#include <chrono>
#include <cstdio>

namespace delineate::cli {
namespace {

const std::vector<OptionSpec> kSpecs = {
    {"--model"},   {"--adapter"}, {"--image"},  {"--axis"},  {"--slices"}, {"--value"},        {"--device"},
    {"--threads"}, {"--out"},     {"--series"}, {"--stack"}, {"--frame"},  {"--quiet", false},
};

} // namespace

int runSegment(const Arguments& arguments)
{
    auto parsed = CommandOptions::parse(arguments, kSpecs);
    if (!parsed)
        return fail(parsed.error());
    const CommandOptions& o = *parsed;
    if (auto ok = o.require({"--model", "--image", "--out"}, "segment"); !ok)
        return fail(ok.error());
    auto axis = sliceAxisOption(o);
    if (!axis)
        return fail(axis.error());
    auto value = o.integer("--value", 1, 65535);
    auto threads = o.integer("--threads", 0, 1024);
    auto frame = o.integer("--frame", 0, 1 << 20);
    auto stack = o.integer("--stack", 0, 1 << 20);
    for (const Error* e : {value ? nullptr : &value.error(), threads ? nullptr : &threads.error(),
                           frame ? nullptr : &frame.error(), stack ? nullptr : &stack.error()})
        if (e)
            return fail(*e);
    sam::SamOptions samOptions;
    const std::string device = o.value("--device", "cpu");
    if (device == "cpu")
        samOptions.device = sam::ComputeDevice::Cpu;
    else if (device == "cuda")
        samOptions.device = sam::ComputeDevice::Cuda;
    else if (device == "auto")
        samOptions.device = sam::ComputeDevice::Auto;
    else
        return failUsage("--device must be cpu, cuda or auto");
    if (*threads)
        samOptions.threads = static_cast<int>(**threads);

    io::LoadOptions load;
    load.seriesUid = o.value("--series");
    if (*frame)
        load.frame = static_cast<int>(**frame);
    if (*stack)
        load.stack = static_cast<int>(**stack);
    auto study = loadStudyReporting(o.value("--image"), load);
    if (!study)
        return fail(study.error());
    auto predictor = sam::SamPredictor::fromCheckpoint(o.value("--model"), samOptions);
    if (!predictor)
        return fail(predictor.error());
    if (o.has("--adapter"))
        if (auto loaded = predictor->loadPeftWeights(o.value("--adapter")); !loaded)
            return fail(loaded.error());
    auto labels = image::LabelMap::createFor(study->volume);
    if (!labels)
        return fail(labels.error());

    fewshot::SegmentationOptions options;
    options.axis = *axis;
    options.value = static_cast<image::LabelMap::Value>(value->value_or(1));
    if (o.has("--slices")) {
        auto list = fewshot::parseSliceList(o.value("--slices"));
        if (!list)
            return fail(list.error());
        options.slices = *list;
    }
    const auto start = std::chrono::steady_clock::now();
    const bool quiet = o.has("--quiet");
    options.progress = [&](int done, int total) {
        if (quiet)
            return;
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::fprintf(stderr, "\rslice %d/%d, %.0f s left   ", done, total, seconds / done * (total - done));
        if (done == total)
            std::fputc('\n', stderr);
    };
    auto done = fewshot::segmentStudy(*predictor, study->volume, *labels, options);
    if (!done)
        return fail(done.error());
    if (auto saved = io::saveLabelMap(*labels, *study, o.value("--out")); !saved)
        return fail(saved.error());
    const project::ExportContext context = exportContext(o, "segment");
    project::ProvenanceLog log;
    const std::int64_t count = image::sliceCount(study->volume.geometry(), options.axis);
    for (std::int64_t slice = 0; slice < count; ++slice) // exported: the slices holding the value
        log.record(static_cast<int>(options.axis), options.value, slice,
                   modelRecord(o, "prompt_free", context.created));
    if (auto written = writeLabelProvenance(log, *labels, context, o.value("--out")); !written)
        return fail(written.error());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: %d slice(s) segmented in %.1f s (%s%s), %lld voxels labelled %d -> %s\n",
                o.value("--image").c_str(), *done, seconds, sam::variantName(predictor->config().variant),
                o.has("--adapter") ? " + adapter" : "", static_cast<long long>(labels->count(options.value)),
                static_cast<int>(options.value), o.value("--out").c_str());
    return 0;
}

} // namespace delineate::cli
