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

// NIfTI: what the header declares, no voxel decoded (a 1 MB .nii.gz may declare 1024^3 voxels).
int printHeader(const io::StudyHeader& header, const std::string& path, bool json, int frame)
{
    const image::Geometry& g = header.geometry;
    if (json) {
        nlohmann::json out;
        out["path"] = path;
        out["format"] = header.format;
        out["frame_count"] = header.frameCount;
        out["frame"] = frame;
        out["series"] = nlohmann::json::array();
        nlohmann::json geometry;
        geometry["size"] = g.size;
        geometry["spacing"] = g.spacing;
        geometry["origin_lps"] = g.origin;
        geometry["direction"] = g.direction;
        geometry["orientation"] = g.orientationCode();
        geometry["physical_spacing"] = g.physicalSpacing;
        geometry["components"] = header.components;
        geometry["source_type"] = image::componentTypeName(header.sourceType);
        geometry["range"] = nullptr;
        geometry["header_only"] = true;
        geometry["notes"] = header.notes;
        out["geometry"] = geometry;
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("opened: %s (%s, header only: values not read)\n", header.sourcePath.c_str(),
                header.format.c_str());
    std::printf("  %s\n", g.describe().c_str());
    std::printf("  %d component(s), source type %s\n", header.components,
                image::componentTypeName(header.sourceType));
    if (header.frameCount > 1)
        std::printf("  4D source: %d frames, showing frame given by --frame\n", header.frameCount);
    for (const auto& note : header.notes)
        std::printf("  note: %s\n", note.c_str());
    return 0;
}

} // namespace

int runInfo(const Arguments& arguments)
{
    const auto has = [&](const char* option) {
        return std::find(arguments.begin(), arguments.end(), option) != arguments.end();
    };
    if (has("--devices")) {
        if (arguments.size() > (has("--json") ? 2u : 1u))
            return failUsage("info --devices takes only --json");
        return runDevices(has("--json"));
    }
    // --values: decode the voxels to report their range (NIfTI info is otherwise header-only).
    Arguments rest;
    bool values = false;
    for (const std::string& argument : arguments) {
        if (argument == "--values")
            values = true;
        else
            rest.push_back(argument);
    }
    auto parsed = parseStudyArguments(rest, true);
    if (!parsed)
        return fail(parsed.error());
    if (parsed->positional.size() != 1)
        return failUsage("info needs exactly one path");
    const std::string& path = parsed->positional[0];

    auto listing = io::listSeries(path); // one scan serves the list and the study
    if (!listing)
        return fail(listing.error());
    const std::vector<io::SeriesEntry>& series = listing->series;
    auto header = io::readStudyHeader(*listing, parsed->load);
    if (!header)
        return fail(header.error());
    if (*header && !values)
        return printHeader(**header, path, parsed->json, parsed->load.frame);
    auto study = loadStudyReporting(*listing, parsed->load);
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
        json["warnings"] = nlohmann::json::array();
        for (const Error& warning : study->warnings)
            json["warnings"].push_back(warning.message());
        std::printf("%s\n", json.dump(2).c_str());
    } else {
        printText(*study, series);
    }
    return 0;
}

} // namespace delineate::cli
