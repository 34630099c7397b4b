#include "Commands.h"

#include <charconv>
#include <cstdio>

namespace delineate::cli {

namespace {

bool g_strict = false;

Result<io::Study> reportWarnings(Result<io::Study> study)
{
    if (!study || study->warnings.empty())
        return study;
    if (g_strict)
        return makeError(
            ErrorCode::CorruptData, "",
            "refused under --strict: " + study->warnings.front().message() +
                (study->warnings.size() > 1
                     ? " (and " + std::to_string(study->warnings.size() - 1) + " more warning(s))"
                     : std::string()));
    for (const Error& warning : study->warnings)
        std::fprintf(stderr, "delineate-cli: warning: %s\n", warning.message().c_str());
    return study;
}

} // namespace

void setStrict(bool strict)
{
    g_strict = strict;
}

Result<io::Study> loadStudyReporting(const std::string& path, const io::LoadOptions& options)
{
    return reportWarnings(io::loadStudy(path, options));
}

Result<io::Study> loadStudyReporting(const io::SeriesListing& listing, const io::LoadOptions& options)
{
    return reportWarnings(io::loadStudy(listing, options));
}

Result<StudyArguments> parseStudyArguments(const Arguments& arguments, bool allowJson)
{
    StudyArguments parsed;
    for (std::size_t n = 0; n < arguments.size(); ++n) {
        const std::string& argument = arguments[n];
        auto value = [&]() -> const std::string* {
            return n + 1 < arguments.size() ? &arguments[++n] : nullptr;
        };
        if (argument == "--json" && allowJson) {
            parsed.json = true;
        } else if (argument == "--allow-large") {
            parsed.load.allowLarge = true;
        } else if (argument == "--series") {
            const std::string* uid = value();
            if (!uid)
                return makeError(ErrorCode::InvalidArgument, "", "--series needs a series instance UID");
            parsed.load.seriesUid = *uid;
        } else if (argument == "--stack" || argument == "--frame") {
            const std::string* text = value();
            int number = -1;
            if (!text ||
                std::from_chars(text->data(), text->data() + text->size(), number).ec != std::errc() ||
                number < 0)
                return makeError(ErrorCode::InvalidArgument, "",
                                 argument + (argument == "--stack" ? " needs a stack" : " needs a frame") +
                                     " number >= 0");
            (argument == "--stack" ? parsed.load.stack : parsed.load.frame) = number;
        } else if (argument.size() > 1 && argument[0] == '-') {
            return makeError(ErrorCode::InvalidArgument, "", "unknown option '" + argument + "'");
        } else {
            parsed.positional.push_back(argument);
        }
    }
    return parsed;
}

} // namespace delineate::cli
