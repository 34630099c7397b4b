#pragma once
// Training examples for few-shot retraining, cut from a study and its label map.
//
// Each reviewed slice becomes one train::TrainingSlice: the 8-bit RGB image SAM sees for that slice
// (image::samInputWindow + image::toRgb8, exactly what the app and the CLI feed the predictor) and
// the binary mask of one label value. Slices are in the slice-plane frame of image/Slice.h.

#include "base/Result.h"
#include "image/LabelMap.h"
#include "image/Slice.h"
#include "image/Volume.h"
#include "train/TrainingSlice.h"

#include <cstdint>
#include <string>
#include <vector>

namespace delineate::fewshot {

struct SliceRef {
    image::SliceAxis axis = image::SliceAxis::K;
    std::int64_t index = 0;
};

// Human-readable slice name used in adapter metadata, e.g. "axial 57" / "K 57".
[[nodiscard]] std::string describeSlice(const SliceRef& slice);

// The SAM input image of one slice (height x width x 3, uint8).
[[nodiscard]] train::TrainingSlice samInputSlice(const image::Volume& volume, const SliceRef& slice);

// One example per slice: image + (labels == value). The label map must lie on the volume's grid;
// slice indices out of range are an error naming the slice.
Result<std::vector<train::TrainingSlice>> makeTrainingSlices(const image::Volume& volume,
                                                             const image::LabelMap& labels,
                                                             image::LabelMap::Value value,
                                                             const std::vector<SliceRef>& slices);

// Splits examples into training and held-out sets, deterministically: with more than minTraining
// slices, h = min(n - minTraining, max(1, round(n * heldOutFraction))) slices spread evenly over the
// list (never the first or last) are held out; with n <= minTraining none are (a 5-shot run trains
// on everything and can only report Dice on its training slices).
struct TrainingSplit {
    std::vector<train::TrainingSlice> training;
    std::vector<train::TrainingSlice> heldOut;
};
[[nodiscard]] TrainingSplit splitTrainingSlices(std::vector<train::TrainingSlice> slices, int minTraining = 5,
                                                double heldOutFraction = 0.25);

// Slices (along `axis`) on which `value` is present, in index order.
[[nodiscard]] std::vector<std::int64_t> slicesContaining(const image::LabelMap& labels,
                                                         image::LabelMap::Value value, image::SliceAxis axis);

// Parses "12,15,20-24" into sorted, distinct indices (InvalidArgument on bad text).
Result<std::vector<std::int64_t>> parseSliceList(const std::string& text);

} // namespace delineate::fewshot
