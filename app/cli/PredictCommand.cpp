// delineate-cli predict: one SAM prediction on one 2D slice, for scripting and for checking the engine
// against the reference implementation from outside. A label map output gets `<out>.provenance.json`
// (docs/provenance.md): the slice as "box" (a box given), "click" (points only) or "prompt_free", with the
// model, adapter and SAM's predicted IoU of the mask written; a mask input alone is "unknown".

#include "Commands.h"
#include "LabelProvenance.h"
#include "NpyFile.h"
#include "image/Intensity.h"
#include "image/Slice.h"
#include "io/PngWriter.h"
#include "sam/SamPredictor.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

namespace delineate::cli {
namespace {

struct PredictArguments {
    std::string model, adapter, image, maskInput, out, logits, lowResLogits;
    std::int64_t slice = -1;
    std::vector<sam::SamPoint> points;
    std::optional<sam::SamBox> box;
    bool multimask = false;
    bool promptFree = false;
    sam::ComputeDevice device = sam::ComputeDevice::Cpu;
    io::LoadOptions load;
};

bool parseNumbers(const std::string& text, std::vector<double>& numbers)
{
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        double value = 0;
        const auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + end, value);
        if (ec != std::errc() || ptr != text.data() + end)
            return false;
        numbers.push_back(value);
        start = end + 1;
    }
    return true;
}

Result<PredictArguments> parse(const Arguments& arguments)
{
    PredictArguments p;
    for (std::size_t n = 0; n < arguments.size(); ++n) {
        const std::string& a = arguments[n];
        auto next = [&]() -> Result<std::string> {
            if (n + 1 >= arguments.size())
                return makeError(ErrorCode::InvalidArgument, "", a + " needs a value");
            return arguments[++n];
        };
        auto value = [&](std::string& target) -> Result<void> {
            auto v = next();
            if (!v)
                return v.error();
            target = *v;
            return {};
        };
        Result<void> ok;
        if (a == "--model")
            ok = value(p.model);
        else if (a == "--adapter")
            ok = value(p.adapter);
        else if (a == "--image")
            ok = value(p.image);
        else if (a == "--mask-input")
            ok = value(p.maskInput);
        else if (a == "--out")
            ok = value(p.out);
        else if (a == "--logits")
            ok = value(p.logits);
        else if (a == "--low-res-logits")
            ok = value(p.lowResLogits);
        else if (a == "--series")
            ok = value(p.load.seriesUid);
        else if (a == "--multimask")
            p.multimask = true;
        else if (a == "--prompt-free")
            p.promptFree = true;
        else if (a == "--slice" || a == "--frame" || a == "--stack" || a == "--point" || a == "--box" ||
                 a == "--device") {
            auto v = next();
            if (!v)
                return v.error();
            std::vector<double> numbers;
            if (a == "--device") {
                if (*v == "cpu")
                    p.device = sam::ComputeDevice::Cpu;
                else if (*v == "cuda")
                    p.device = sam::ComputeDevice::Cuda;
                else
                    return makeError(ErrorCode::InvalidArgument, "", "--device must be cpu or cuda");
            } else if (!parseNumbers(*v, numbers)) {
                return makeError(ErrorCode::InvalidArgument, "",
                                 a + " expects comma-separated numbers, got '" + *v + "'");
            } else if (a == "--slice" && numbers.size() == 1 && numbers[0] >= 0) {
                p.slice = std::int64_t(numbers[0]);
            } else if (a == "--frame" && numbers.size() == 1 && numbers[0] >= 0) {
                p.load.frame = int(numbers[0]);
            } else if (a == "--stack" && numbers.size() == 1 && numbers[0] >= 0) {
                p.load.stack = int(numbers[0]);
            } else if (a == "--point" && numbers.size() == 3 && (numbers[2] == 0 || numbers[2] == 1)) {
                p.points.push_back({numbers[0], numbers[1], int(numbers[2])});
            } else if (a == "--box" && numbers.size() == 4 && numbers[2] >= numbers[0] &&
                       numbers[3] >= numbers[1]) {
                p.box = sam::SamBox{numbers[0], numbers[1], numbers[2], numbers[3]};
            } else {
                return makeError(ErrorCode::InvalidArgument, "", "invalid value '" + *v + "' for " + a);
            }
        } else {
            return makeError(ErrorCode::InvalidArgument, "", "unknown option '" + a + "'");
        }
        if (!ok)
            return ok.error();
    }
    if (p.model.empty() || p.image.empty() || p.out.empty())
        return makeError(ErrorCode::InvalidArgument, "", "predict needs --model, --image and --out");
    if (p.promptFree && (!p.points.empty() || p.box || !p.maskInput.empty()))
        return makeError(ErrorCode::InvalidArgument, "", "--prompt-free cannot be combined with prompts");
    if (!p.promptFree && p.points.empty() && !p.box && p.maskInput.empty())
        return makeError(ErrorCode::InvalidArgument, "",
                         "give --point, --box or --mask-input, or --prompt-free");
    return p;
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The provenance log of the mask on `slice` (value 1, along k): what it was prompted with.
project::ProvenanceLog predictionLog(const PredictArguments& p, std::int64_t slice,
                                     std::optional<double> predictedIou, const std::string& when)
{
    project::ProvenanceLog log;
    const char* source = p.box ? "box" : !p.points.empty() ? "click" : p.promptFree ? "prompt_free" : nullptr;
    if (!source)
        return log; // a mask input alone: none of the sources the schema knows
    project::SliceProvenance record = modelRecord(source, p.model, p.adapter, when);
    record.predictedIou = predictedIou;
    log.record(static_cast<int>(image::SliceAxis::K), 1, slice, std::move(record));
    return log;
}

// Writes the thresholded mask: PNG (0/255) of the slice, or a label map (value 1) on the study's grid
// with its provenance document.
Result<void> writeMask(const PredictArguments& p, const io::Study& study, std::int64_t slice,
                       const std::vector<std::uint8_t>& mask, int width, int height,
                       std::optional<double> predictedIou)
{
    if (endsWith(p.out, ".png")) {
        image::Image2D<std::uint8_t> picture{width, height, 1, std::vector<std::uint8_t>(mask.size())};
        std::transform(mask.begin(), mask.end(), picture.pixels.begin(),
                       [](std::uint8_t on) { return on ? 255 : 0; });
        return io::savePng(picture, p.out);
    }
    auto labels = image::LabelMap::createFor(study.volume);
    if (!labels)
        return labels.error();
    image::Image2D<image::LabelMap::Value> plane;
    plane.width = width;
    plane.height = height;
    plane.pixels.assign(mask.begin(), mask.end());
    if (auto written = image::writeLabelSlice(*labels, image::SliceAxis::K, slice, plane); !written)
        return written.error();
    if (auto saved = io::saveLabelMap(*labels, study, p.out); !saved)
        return saved.error();
    const project::ExportContext context = exportContext("predict", p.image, p.out);
    return writeLabelProvenance(predictionLog(p, slice, predictedIou, context.created), *labels, context,
                                p.out);
}

} // namespace

int runPredict(const Arguments& arguments)
{
    auto parsed = parse(arguments);
    if (!parsed)
        return fail(parsed.error());
    const PredictArguments& p = *parsed;

    auto study = loadStudyReporting(p.image, p.load);
    if (!study)
        return fail(study.error());
    const image::Volume& volume = study->volume;
    const std::int64_t slice = p.slice >= 0 ? p.slice : volume.slices() / 2;
    if (slice >= volume.slices())
        return fail(makeError(ErrorCode::InvalidArgument, p.image,
                              "--slice " + std::to_string(slice) + " is out of range (0.." +
                                  std::to_string(volume.slices() - 1) + ")"));
    const auto plane = image::extractSlice(volume, image::SliceAxis::K, slice);
    const std::vector<std::uint8_t> rgb = image::toRgb8(plane, image::samInputWindow(volume, plane));

    sam::SamOptions options;
    options.device = p.device;
    auto predictor = sam::SamPredictor::fromCheckpoint(p.model, options);
    if (!predictor)
        return fail(predictor.error());
    if (!p.adapter.empty())
        if (auto loaded = predictor->loadPeftWeights(p.adapter); !loaded)
            return fail(loaded.error());
    if (auto set = predictor->setImage({rgb.data(), plane.width, plane.height, 3}); !set)
        return fail(set.error());

    sam::SamPrompt prompt;
    prompt.points = p.points;
    prompt.box = p.box;
    if (!p.maskInput.empty()) {
        auto input = readNpy(p.maskInput);
        if (!input)
            return fail(input.error());
        if (input->values.size() != 256 * 256)
            return fail(
                makeError(ErrorCode::SizeMismatch, p.maskInput, "mask input must hold 256x256 logits"));
        prompt.maskInput = std::move(input->values);
    }
    const bool multimask = p.multimask || p.promptFree;
    auto prediction = predictor->predict(prompt, multimask);
    if (!prediction)
        return fail(prediction.error());

    const int width = prediction->width, height = prediction->height;
    const std::size_t pixels = std::size_t(width) * height;
    std::vector<std::uint8_t> mask(pixels);
    const bool classChannels = p.promptFree &&
                               predictor->config().preprocess == sam::PreprocessKind::FinetuneSam &&
                               prediction->maskCount == 2;
    const int best = prediction->bestIndex();
    for (std::size_t q = 0; q < pixels; ++q)
        mask[q] = classChannels ? prediction->mask(1)[q] > prediction->mask(0)[q]
                                : prediction->mask(best)[q] > 0.0f;
    // SAM's predicted IoU of the mask written (none for the two class channels of a FinetuneSAM model).
    const std::optional<double> iou =
        classChannels ? std::nullopt : std::optional<double>(prediction->iouScores[std::size_t(best)]);
    if (auto written = writeMask(p, *study, slice, mask, width, height, iou); !written)
        return fail(written.error());
    if (!p.logits.empty()) {
        NpyArray array{{prediction->maskCount, height, width}, prediction->masks};
        if (auto written = writeNpy(p.logits, array); !written)
            return fail(written.error());
    }
    if (!p.lowResLogits.empty()) {
        NpyArray array{{prediction->maskCount, 256, 256}, prediction->lowResMasks};
        if (auto written = writeNpy(p.lowResLogits, array); !written)
            return fail(written.error());
    }
    std::printf("%s: slice %lld, %d mask(s), IoU", p.image.c_str(), static_cast<long long>(slice),
                prediction->maskCount);
    for (const float score : prediction->iouScores)
        std::printf(" %.4f", score);
    std::printf(", %s -> %s\n", classChannels ? "class argmax" : ("mask " + std::to_string(best)).c_str(),
                p.out.c_str());
    return 0;
}

} // namespace delineate::cli
