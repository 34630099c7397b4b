// delineate-cli learning-curve: the project's retrain records (Project::retrains) as CSV.

#include "CommandOptions.h"
#include "Commands.h"
#include "project/LearningCurve.h"
#include "project/ProjectStore.h"

#include <cstdio>

namespace delineate::cli {

int runLearningCurve(const Arguments& arguments)
{
    auto parsed = CommandOptions::parse(arguments, {{"--project"}, {"--out"}});
    if (!parsed)
        return fail(parsed.error());
    if (auto ok = parsed->require({"--project"}, "learning-curve"); !ok)
        return fail(ok.error());
    auto project = project::ProjectStore(parsed->value("--project")).load();
    if (!project)
        return fail(project.error());
    if (parsed->has("--out")) {
        if (auto written = project::writeLearningCurveCsv(*project, parsed->value("--out")); !written)
            return fail(written.error());
        return 0;
    }
    std::printf("%s", project::learningCurveCsv(*project).c_str());
    return 0;
}

} // namespace delineate::cli
