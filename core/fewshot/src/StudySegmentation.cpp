#include "fewshot/StudySegmentation.h"

#include "image/Slice.h"

namespace delineate::fewshot {

Result<std::vector<std::uint8_t>> automaticMask(sam::SamPredictor& predictor, const image::Volume& volume,
                                                const SliceRef& slice)
{
    const train::TrainingSlice input = samInputSlice(volume, slice);
    if (auto set = predictor.setImage({input.rgb.data(), input.width, input.height, 3}); !set)
        return set.error();
    auto prediction = predictor.predictAutomatic();
    if (!prediction)
        return prediction.error();
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(input.width) * input.height);
    const float* logits = prediction->mask(0);
    for (std::size_t p = 0; p < mask.size(); ++p)
        mask[p] = logits[p] > 0.0f ? 1 : 0;
    return mask;
}

Result<int> segmentStudy(sam::SamPredictor& predictor, const image::Volume& volume, image::LabelMap& labels,
                         const SegmentationOptions& options)
{
    if (auto grid = labels.checkGrid(volume.geometry()); !grid)
        return grid.error();
    const std::int64_t count = image::sliceCount(volume.geometry(), options.axis);
    std::vector<std::int64_t> slices = options.slices;
    if (slices.empty())
        for (std::int64_t s = 0; s < count; ++s)
            slices.push_back(s);
    const int total = static_cast<int>(slices.size());
    int done = 0;
    for (const std::int64_t index : slices) {
        if (options.cancel && options.cancel->load())
            return makeError(ErrorCode::Cancelled, "", "segmentation cancelled");
        if (index < 0 || index >= count)
            return makeError(ErrorCode::InvalidArgument, "",
                             "slice " + std::to_string(index) + " is outside the study (0.." +
                                 std::to_string(count - 1) + ")");
        auto mask = automaticMask(predictor, volume, {options.axis, index});
        if (!mask)
            return mask.error();
        image::Image2D<image::LabelMap::Value> plane = image::extractLabelSlice(labels, options.axis, index);
        for (std::size_t p = 0; p < plane.pixels.size(); ++p) {
            if ((*mask)[p])
                plane.pixels[p] = options.value;
            else if (plane.pixels[p] == options.value)
                plane.pixels[p] = 0;
        }
        if (auto written = image::writeLabelSlice(labels, options.axis, index, plane); !written)
            return written.error();
        ++done;
        if (options.progress)
            options.progress(done, total);
    }
    return done;
}

} // namespace delineate::fewshot
