#include "FewShotArguments.h"

#include <algorithm>

namespace delineate::cli {

Result<image::SliceAxis> sliceAxisOption(const CommandOptions& options)
{
    const std::string axis = options.value("--axis", "k");
    if (axis == "i" || axis == "I")
        return image::SliceAxis::I;
    if (axis == "j" || axis == "J")
        return image::SliceAxis::J;
    if (axis == "k" || axis == "K")
        return image::SliceAxis::K;
    return makeError(ErrorCode::InvalidArgument, "", "--axis must be i, j or k, got '" + axis + "'");
}

std::vector<std::int64_t> spreadEvenly(const std::vector<std::int64_t>& candidates, std::size_t count,
                                       const std::vector<std::int64_t>& exclude, Spread spread)
{
    std::vector<std::int64_t> pool;
    for (std::int64_t c : candidates)
        if (std::find(exclude.begin(), exclude.end(), c) == exclude.end())
            pool.push_back(c);
    if (count >= pool.size())
        return pool;
    std::vector<std::int64_t> out;
    for (std::size_t n = 0; n < count; ++n) {
        // Centres of `count` equal parts: keeps away from the structure's thin ends.
        const double fraction = spread == Spread::Centres
                                    ? (static_cast<double>(n) + 0.5) / static_cast<double>(count)
                                    : static_cast<double>(n + 1) / static_cast<double>(count + 1);
        const double position = fraction * static_cast<double>(pool.size());
        out.push_back(pool[std::min(pool.size() - 1, static_cast<std::size_t>(position))]);
    }
    return out;
}

} // namespace delineate::cli
