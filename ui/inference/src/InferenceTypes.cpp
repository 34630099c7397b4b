#include "inference/InferenceTypes.h"

#include <cmath>

namespace delineate::ui {

std::string SliceSource::cacheKey() const
{
    // Windows are rounded to 1/100 of a unit: finer changes do not change the 8-bit image visibly.
    return studyId.toStdString() + "|" + std::to_string(static_cast<int>(axis)) + "|" +
           std::to_string(slice) + "|" + std::to_string(std::llround(window.center * 100)) + "|" +
           std::to_string(std::llround(window.width * 100));
}

} // namespace delineate::ui
