#include "automask/AutomaticMaskGenerator.h"

#include "detail/AmgSteps.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace delineate::automask {

bool AutomaticMask::contains(int x, int y) const
{
    if (area == 0 || x < box[0] || x > box[2] || y < box[1] || y > box[3])
        return false;
    const int boxWidth = box[2] - box[0] + 1;
    return bits[static_cast<std::size_t>(y - box[1]) * static_cast<std::size_t>(boxWidth) +
                static_cast<std::size_t>(x - box[0])] != 0;
}

std::vector<std::uint8_t> AutomaticMask::fullMask() const
{
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(width) * static_cast<std::size_t>(height), 0);
    if (area == 0)
        return mask;
    const int boxWidth = box[2] - box[0] + 1;
    for (int y = box[1]; y <= box[3]; ++y)
        for (int x = box[0]; x <= box[2]; ++x)
            mask[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                 static_cast<std::size_t>(x)] =
                bits[static_cast<std::size_t>(y - box[1]) * static_cast<std::size_t>(boxWidth) +
                     static_cast<std::size_t>(x - box[0])];
    return mask;
}

namespace {

struct Candidate {
    detail::Box box;                // crop frame while in a crop, image frame afterwards
    std::vector<std::uint8_t> bits; // within box
    std::int64_t area = 0;
    float iou = 0.0f;
    float stability = 0.0f;
    double pointX = 0.0;
    double pointY = 0.0;
};

Result<void> checkOptions(const AutomaticMaskOptions& o, const sam::SamImage& image)
{
    auto bad = [](const std::string& what) { return makeError(ErrorCode::InvalidArgument, "", what); };
    if (o.pointsPerSide < 1 || o.pointsPerSide > 256)
        return bad("points per side must be 1..256, got " + std::to_string(o.pointsPerSide));
    if (o.cropLayers < 0 || o.cropLayers > 4)
        return bad("crop layers must be 0..4, got " + std::to_string(o.cropLayers));
    if (o.cropPointsDownscaleFactor < 1)
        return bad("the crop points downscale factor must be at least 1");
    if (!(o.cropOverlapRatio >= 0.0 && o.cropOverlapRatio < 1.0))
        return bad("the crop overlap ratio must lie in [0, 1)");
    for (double threshold : {o.predIouThreshold, o.stabilityThreshold, o.boxNmsThreshold, o.cropNmsThreshold})
        if (!std::isfinite(threshold))
            return bad("thresholds must be finite numbers");
    if (!image.pixels || image.width < 1 || image.height < 1)
        return bad("segment everything needs a non-empty image");
    return {};
}

std::vector<std::uint8_t> cropPixels(const sam::SamImage& image, const detail::Box& crop)
{
    const int width = crop[2] - crop[0];
    const std::size_t rowBytes = static_cast<std::size_t>(width) * static_cast<std::size_t>(image.channels);
    std::vector<std::uint8_t> pixels(rowBytes * static_cast<std::size_t>(crop[3] - crop[1]));
    for (int y = crop[1]; y < crop[3]; ++y) {
        const std::uint8_t* from =
            image.pixels + (static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) +
                            static_cast<std::size_t>(crop[0])) *
                               static_cast<std::size_t>(image.channels);
        std::copy(from, from + rowBytes,
                  pixels.begin() +
                      static_cast<std::ptrdiff_t>(rowBytes * static_cast<std::size_t>(y - crop[1])));
    }
    return pixels;
}

// The mask i of a prediction as a candidate, or nothing when a filter drops it (_process_batch).
bool toCandidate(const sam::SamPrediction& prediction, int i, const AutomaticMaskOptions& o,
                 const detail::Box& crop, int imageWidth, int imageHeight, Candidate& out)
{
    const float iou = prediction.iouScores[static_cast<std::size_t>(i)];
    if (o.predIouThreshold > 0.0 && !(iou > static_cast<float>(o.predIouThreshold)))
        return false;
    const int width = prediction.width;
    const int height = prediction.height;
    const std::size_t pixels = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    const float stability =
        detail::stabilityScore(prediction.mask(i), pixels, 0.0f, static_cast<float>(o.stabilityOffset));
    if (o.stabilityThreshold > 0.0 && !(stability >= static_cast<float>(o.stabilityThreshold)))
        return false;
    std::vector<std::uint8_t> binary(pixels);
    const float* logits = prediction.mask(i);
    for (std::size_t p = 0; p < pixels; ++p)
        binary[p] = logits[p] > 0.0f ? 1 : 0;
    const detail::Box box = detail::maskBox(binary.data(), width, height);
    if (detail::nearCropEdge(box, crop, imageWidth, imageHeight))
        return false;
    out.box = box;
    out.iou = iou;
    out.stability = stability;
    out.area = 0;
    const int boxWidth = box[2] - box[0] + 1;
    out.bits.assign(static_cast<std::size_t>(boxWidth) * static_cast<std::size_t>(box[3] - box[1] + 1), 0);
    for (int y = box[1]; y <= box[3]; ++y)
        for (int x = box[0]; x <= box[2]; ++x) {
            const std::uint8_t on = binary[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                                           static_cast<std::size_t>(x)];
            out.bits[static_cast<std::size_t>(y - box[1]) * static_cast<std::size_t>(boxWidth) +
                     static_cast<std::size_t>(x - box[0])] = on;
            out.area += on;
        }
    return true;
}

template <typename T> std::vector<T> pick(std::vector<T>& items, const std::vector<std::size_t>& indices)
{
    std::vector<T> picked;
    picked.reserve(indices.size());
    for (std::size_t index : indices)
        picked.push_back(std::move(items[index]));
    return picked;
}

} // namespace

AutomaticMaskGenerator::AutomaticMaskGenerator(AutomaticMaskOptions options) : m_options(options)
{
}

void AutomaticMaskGenerator::setProgress(std::function<bool(const AutomaticMaskProgress&)> progress)
{
    m_progress = std::move(progress);
}

Result<std::vector<AutomaticMask>> AutomaticMaskGenerator::generate(sam::SamPredictor& predictor,
                                                                    const sam::SamImage& image) const
{
    const AutomaticMaskOptions& o = m_options;
    if (auto checked = checkOptions(o, image); !checked)
        return checked.error();
    const std::vector<detail::CropBox> crops =
        detail::cropBoxes(image.width, image.height, o.cropLayers, o.cropOverlapRatio);
    AutomaticMaskProgress progress;
    for (const detail::CropBox& crop : crops) {
        const int n = detail::pointsPerSideOfLayer(o.pointsPerSide, o.cropPointsDownscaleFactor, crop.layer);
        progress.total += n * n;
    }
    auto goOn = [&] { return !m_progress || m_progress(progress); };
    auto cancelled = [] { return makeError(ErrorCode::Cancelled, "", "segment everything cancelled"); };

    std::vector<Candidate> all;
    std::vector<detail::Box> allCrops;
    for (const detail::CropBox& crop : crops) {
        if (!goOn())
            return cancelled();
        const int cropWidth = crop.box[2] - crop.box[0];
        const int cropHeight = crop.box[3] - crop.box[1];
        const std::vector<std::uint8_t> pixels = cropPixels(image, crop.box);
        if (auto set = predictor.setImage({pixels.data(), cropWidth, cropHeight, image.channels}); !set)
            return set.error();
        std::vector<Candidate> inCrop;
        const int n = detail::pointsPerSideOfLayer(o.pointsPerSide, o.cropPointsDownscaleFactor, crop.layer);
        for (const detail::Point& point : detail::pointGrid(n)) {
            const double x = point.x * cropWidth;
            const double y = point.y * cropHeight;
            auto prediction = predictor.predict({{{x, y, 1}}, std::nullopt, {}}, true);
            if (!prediction)
                return prediction.error();
            for (int i = 0; i < prediction->maskCount; ++i) {
                Candidate candidate;
                if (toCandidate(*prediction, i, o, crop.box, image.width, image.height, candidate)) {
                    candidate.pointX = x + crop.box[0];
                    candidate.pointY = y + crop.box[1];
                    inCrop.push_back(std::move(candidate));
                }
            }
            ++progress.decoded;
            if (!goOn())
                return cancelled();
        }
        std::vector<detail::Box> boxes;
        std::vector<float> scores;
        for (const Candidate& c : inCrop) {
            boxes.push_back(c.box);
            scores.push_back(c.iou);
        }
        for (Candidate& kept : pick(inCrop, detail::boxNms(boxes, scores, o.boxNmsThreshold))) {
            for (std::size_t k = 0; k < 4; ++k)
                kept.box[k] += crop.box[k % 2];
            all.push_back(std::move(kept));
            allCrops.push_back(crop.box);
        }
    }
    if (crops.size() > 1) {
        std::vector<detail::Box> boxes;
        std::vector<float> scores;
        for (std::size_t i = 0; i < all.size(); ++i) {
            boxes.push_back(all[i].box);
            const detail::Box& c = allCrops[i];
            scores.push_back(1.0f / static_cast<float>((c[2] - c[0]) * (c[3] - c[1])));
        }
        const std::vector<std::size_t> keep = detail::boxNms(boxes, scores, o.cropNmsThreshold);
        all = pick(all, keep);
        allCrops = pick(allCrops, keep);
    }
    std::vector<AutomaticMask> masks;
    masks.reserve(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        Candidate& c = all[i];
        AutomaticMask mask;
        mask.width = image.width;
        mask.height = image.height;
        mask.box = c.box; // an empty mask keeps upstream's box: the crop's corner, zero size
        mask.bits = std::move(c.bits);
        mask.area = c.area;
        mask.predictedIou = c.iou;
        mask.stabilityScore = c.stability;
        mask.pointX = c.pointX;
        mask.pointY = c.pointY;
        mask.cropBox = allCrops[i];
        masks.push_back(std::move(mask));
    }
    return masks;
}

} // namespace delineate::automask
