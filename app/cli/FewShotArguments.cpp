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

Result<sam::SamOptions> samOptionsFrom(const CommandOptions& o)
{
    sam::SamOptions options;
    const std::string device = o.value("--device", "cpu");
    if (device == "cpu")
        options.device = sam::ComputeDevice::Cpu;
    else if (device == "cuda")
        options.device = sam::ComputeDevice::Cuda;
    else if (device == "auto")
        options.device = sam::ComputeDevice::Auto;
    else
        return makeError(ErrorCode::InvalidArgument, "", "--device must be cpu, cuda or auto");
    auto threads = o.integer("--threads", 0, 1024);
    if (!threads)
        return threads.error();
    options.threads = static_cast<int>(threads->value_or(0));
    return options;
}

Result<io::LoadOptions> loadOptionsFrom(const CommandOptions& o)
{
    io::LoadOptions load;
    load.seriesUid = o.value("--series");
    auto frame = o.integer("--frame", 0, 1 << 20);
    auto stack = o.integer("--stack", 0, 1 << 20);
    if (!frame)
        return frame.error();
    if (!stack)
        return stack.error();
    load.frame = static_cast<int>(frame->value_or(0));
    load.stack = static_cast<int>(stack->value_or(0));
    return load;
}

} // namespace delineate::cli
