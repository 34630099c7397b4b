#include "EverythingJob.h"

#include <string>

namespace delineate::ui::detail {

Result<std::vector<automask::AutomaticMask>>
runEverything(sam::SamPredictor& predictor, const SliceSource& source,
              const automask::AutomaticMaskOptions& options,
              const std::function<bool(const automask::AutomaticMaskProgress&)>& progress)
{
    const auto slice = image::extractSlice(*source.volume, source.axis, source.slice);
    if (slice.width == 0)
        return makeError(ErrorCode::InvalidArgument, "",
                         "slice " + std::to_string(source.slice) + " is out of range");
    const std::vector<std::uint8_t> rgb = image::toRgb8(slice, source.window);
    automask::AutomaticMaskGenerator generator(options);
    generator.setProgress(progress);
    return generator.generate(predictor, {rgb.data(), slice.width, slice.height, 3});
}

} // namespace delineate::ui::detail
