#include "Commands.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace delineate::cli {
namespace {

nlohmann::json geometryJson(const image::Volume& volume)
{
    const image::Geometry& g = volume.geometry();
    nlohmann::json json;
    json["size"] = g.size;
    json["spacing"] = g.spacing;
    json["origin_lps"] = g.origin;
    json["direction"] = g.direction;
    json["orientation"] = g.orientationCode();
    json["physical_spacing"] = g.physicalSpacing;
    json["components"] = volume.components();
    json["source_type"] = image::componentTypeName(volume.sourceType);
    json["frames_are_time"] = volume.frameKind == image::FrameKind::Temporal;
    const auto [minimum, maximum] = volume.range();
    json["range"] = {minimum, maximum};
    json["modality"] = volume.modality;
    json["description"] = volume.description;
    json["notes"] = volume.notes;
    return json;
}

nlohmann::json seriesJson(const io::SeriesEntry& series)
{
    return {{"patient_name", series.patientName},
            {"study_description", series.studyDescription},
            {"study_date", series.studyDate},
            {"series_uid", series.seriesUid},
            {"series_number", series.seriesNumber},
            {"series_description", series.seriesDescription},
            {"modality", series.modality},
            {"rows", series.rows},
            {"columns", series.columns},
            {"frames", series.frames},
            {"files", series.files},
            {"stack", series.stack},
            {"stack_count", series.stackCount},
            {"stack_label", series.stackLabel},
            {"notes", series.notes}};
}

void printText(const io::Study& study, const std::vector<io::SeriesEntry>& series)
{
    for (const auto& s : series) {
        std::printf("series %d  %s  %s  %dx%d, %d frames in %zu files  [%s]", s.seriesNumber,
                    s.modality.c_str(), s.seriesDescription.c_str(), s.columns, s.rows, s.frames, s.files,
                    s.seriesUid.c_str());
        if (s.stackCount > 1)
            std::printf("  stack %d of %d%s%s (--stack %d)", s.stack + 1, s.stackCount,
                        s.stackLabel.empty() ? "" : ": ", s.stackLabel.c_str(), s.stack);
        std::printf("\n");
    }
    const image::Volume& v = study.volume;
    std::printf("opened: %s (%s)\n", study.sourcePath.c_str(), study.format.c_str());
    std::printf("  %s\n", v.geometry().describe().c_str());
    const auto [minimum, maximum] = v.range();
    std::printf("  %d component(s), source type %s, values %g .. %g%s\n", v.components(),
                image::componentTypeName(v.sourceType), minimum, maximum,
                v.frameKind == image::FrameKind::Temporal ? ", frames are time (cine)" : "");
    if (study.frameCount > 1)
        std::printf("  4D source: %d frames, showing frame given by --frame\n", study.frameCount);
    for (const auto& note : v.notes)
        std::printf("  note: %s\n", note.c_str());
}

} // namespace

int runInfo(const Arguments& arguments)
{
    const auto has = [&](const char* option) { return std::find(arguments.begin(), arguments.end(), option) != arguments.end(); };
    if (has("--devices")) {
        if (arguments.size() > (has("--json") ? 2u : 1u))
            return failUsage("info --devices takes only --json");
        return runDevices(has("--json"));
    }
    auto parsed = parseStudyArguments(arguments, true);
    if (!parsed)
        return fail(parsed.error());
    if (parsed->positional.size() != 1)
        return failUsage("info needs exactly one path");
    const std::string& path = parsed->positional[0];

    auto listing = io::listSeries(path); // one scan serves the list and the study
    if (!listing)
        return fail(listing.error());
    const std::vector<io::SeriesEntry>& series = listing->series;
    auto study = io::loadStudy(*listing, parsed->load);
    if (!study)
        return fail(study.error());

    if (parsed->json) {
        nlohmann::json json;
        json["path"] = path;
        json["format"] = study->format;
        json["frame_count"] = study->frameCount;
        json["frame"] = study->frame;
        if (study->series)
            json["opened_series"] = seriesJson(*study->series);
        json["series"] = nlohmann::json::array();
        for (const auto& s : series)
            json["series"].push_back(seriesJson(s));
        json["geometry"] = geometryJson(study->volume);
        std::printf("%s\n", json.dump(2).c_str());
    } else {
        printText(*study, series);
    }
    return 0;
}

} // namespace delineate::cli
