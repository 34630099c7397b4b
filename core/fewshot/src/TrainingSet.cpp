#include "fewshot/TrainingSet.h"

#include "image/Intensity.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace delineate::fewshot {

std::string describeSlice(const SliceRef& slice)
{
    static const char* const names[] = {"I", "J", "K"};
    return std::string(names[static_cast<int>(slice.axis)]) + " " + std::to_string(slice.index);
}

train::TrainingSlice samInputSlice(const image::Volume& volume, const SliceRef& slice)
{
    const image::Image2D<float> plane = image::extractSlice(volume, slice.axis, slice.index);
    train::TrainingSlice out;
    out.width = plane.width;
    out.height = plane.height;
    out.rgb = image::toRgb8(plane, image::samInputWindow(volume, plane));
    out.description = describeSlice(slice);
    // The plane's two axes in image/Slice.h order: I -> (j, k), J -> (i, k), K -> (i, j).
    const int axis = static_cast<int>(slice.axis);
    out.spacingX = volume.geometry().spacing[axis == 0 ? 1 : 0];
    out.spacingY = volume.geometry().spacing[axis == 2 ? 1 : 2];
    return out;
}

Result<std::vector<train::TrainingSlice>> makeTrainingSlices(const image::Volume& volume,
                                                             const image::LabelMap& labels,
                                                             image::LabelMap::Value value,
                                                             const std::vector<SliceRef>& slices)
{
    if (auto grid = labels.checkGrid(volume.geometry()); !grid)
        return grid.error();
    if (value == 0)
        return makeError(ErrorCode::InvalidArgument, "", "label value 0 is the background");
    std::vector<train::TrainingSlice> out;
    out.reserve(slices.size());
    for (const SliceRef& ref : slices) {
        const std::int64_t count = image::sliceCount(volume.geometry(), ref.axis);
        if (ref.index < 0 || ref.index >= count)
            return makeError(ErrorCode::InvalidArgument, "",
                             "slice " + describeSlice(ref) + " is outside the study (0.." +
                                 std::to_string(count - 1) + ")");
        train::TrainingSlice example = samInputSlice(volume, ref);
        const image::Image2D<image::LabelMap::Value> mask =
            image::extractLabelSlice(labels, ref.axis, ref.index);
        example.mask.resize(mask.pixels.size());
        std::transform(
            mask.pixels.begin(), mask.pixels.end(), example.mask.begin(),
            [value](image::LabelMap::Value v) { return static_cast<std::uint8_t>(v == value ? 1 : 0); });
        out.push_back(std::move(example));
    }
    return out;
}

TrainingSplit splitTrainingSlices(std::vector<train::TrainingSlice> slices, int minTraining,
                                  double heldOutFraction)
{
    TrainingSplit split;
    const auto n = static_cast<int>(slices.size());
    const int held =
        n <= minTraining || heldOutFraction <= 0.0
            ? 0
            : std::min(n - minTraining, std::max(1, static_cast<int>(std::lround(n * heldOutFraction))));
    std::set<int> heldIndexes;
    for (int h = 0; h < held; ++h)
        heldIndexes.insert(static_cast<int>(std::lround((h + 1) * static_cast<double>(n - 1) / (held + 1))));
    for (int i = 0; i < n; ++i)
        (heldIndexes.count(i) ? split.heldOut : split.training)
            .push_back(std::move(slices[static_cast<std::size_t>(i)]));
    return split;
}

std::vector<std::int64_t> slicesContaining(const image::LabelMap& labels, image::LabelMap::Value value,
                                           image::SliceAxis axis)
{
    const auto& size = labels.geometry().size;
    std::set<std::int64_t> found;
    for (std::int64_t k = 0; k < size[2]; ++k)
        for (std::int64_t j = 0; j < size[1]; ++j)
            for (std::int64_t i = 0; i < size[0]; ++i)
                if (labels.at(i, j, k) == value)
                    found.insert(axis == image::SliceAxis::I ? i : axis == image::SliceAxis::J ? j : k);
    return {found.begin(), found.end()};
}

Result<std::vector<std::int64_t>> parseSliceList(const std::string& text)
{
    std::set<std::int64_t> out;
    std::size_t start = 0;
    auto number = [&](std::size_t from, std::size_t to, std::int64_t& value) {
        const auto [ptr, ec] = std::from_chars(text.data() + from, text.data() + to, value);
        return ec == std::errc() && ptr == text.data() + to && value >= 0;
    };
    while (start < text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        const std::size_t dash = text.find('-', start);
        std::int64_t first = 0;
        std::int64_t last = 0;
        bool ok = false;
        if (dash != std::string::npos && dash < end)
            ok = number(start, dash, first) && number(dash + 1, end, last) && first <= last &&
                 last - first < 1000000;
        else
            ok = number(start, end, first) && ((last = first), true);
        if (!ok)
            return makeError(ErrorCode::InvalidArgument, "",
                             "bad slice list '" + text + "' (expected e.g. 12,15,20-24)");
        for (std::int64_t s = first; s <= last; ++s)
            out.insert(s);
        start = end + 1;
    }
    if (out.empty())
        return makeError(ErrorCode::InvalidArgument, "", "empty slice list");
    return std::vector<std::int64_t>(out.begin(), out.end());
}

} // namespace delineate::fewshot
