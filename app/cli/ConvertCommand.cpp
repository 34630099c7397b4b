#include "Commands.h"

#include <cstdio>

namespace delineate::cli {

int runConvert(const Arguments& arguments)
{
    auto parsed = parseStudyArguments(arguments, false);
    if (!parsed)
        return fail(parsed.error());
    if (parsed->positional.size() != 2)
        return failUsage("convert needs an input and an output path");
    const std::string& input = parsed->positional[0];
    const std::string& output = parsed->positional[1];
    auto study = loadStudyReporting(input, parsed->load);
    if (!study)
        return fail(study.error());
    auto saved = io::saveVolume(study->volume, output);
    if (!saved)
        return fail(saved.error());
    std::printf("%s -> %s (%s)\n", input.c_str(), output.c_str(),
                study->volume.geometry().describe().c_str());
    return 0;
}

} // namespace delineate::cli
