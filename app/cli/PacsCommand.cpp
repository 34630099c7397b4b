// delineate-cli pacs echo|find|get|store: a PACS over DIMSE (core/pacs, DCMTK dcmnet).

#include "CommandOptions.h"
#include "Commands.h"
#include "pacs/DimseClient.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace delineate::cli {
namespace {

const std::vector<OptionSpec> kSpecs = {
    {"--node"},    {"--calling-ae"}, {"--timeout"},     {"--tls-ca"},       {"--tls-cert"},    {"--tls-key"},
    {"--patient"}, {"--patient-id"}, {"--date"},        {"--modality"},     {"--description"}, {"--study"},
    {"--series"},  {"--cache"},      {"--json", false}, {"--quiet", false},
};

Result<pacs::PacsNode> nodeOf(const CommandOptions& o)
{
    if (!o.has("--node"))
        return makeError(ErrorCode::InvalidArgument, "", "pacs needs --node AE@HOST:PORT");
    auto node = pacs::parseNodeAddress(o.value("--node"));
    if (!node.ok())
        return node;
    node->callingAeTitle = o.value("--calling-ae", node->callingAeTitle);
    auto timeout = o.integer("--timeout", 1, 3600);
    if (!timeout)
        return timeout.error();
    if (*timeout)
        node->timeoutSeconds = int(**timeout);
    if (o.has("--tls-ca")) {
        node->tls.enabled = true;
        node->tls.caCertificate = o.value("--tls-ca");
        node->tls.certificate = o.value("--tls-cert");
        node->tls.privateKey = o.value("--tls-key");
    }
    if (auto valid = pacs::validateNode(*node); !valid)
        return valid.error();
    return node;
}

int runFind(const pacs::DimseClient& client, const CommandOptions& o)
{
    nlohmann::json out = nlohmann::json::array();
    if (o.has("--study")) {
        auto series = client.findSeries(o.value("--study"));
        if (!series)
            return fail(series.error());
        for (const pacs::SeriesMatch& s : *series)
            out.push_back({{"study", s.studyInstanceUid},
                           {"series", s.seriesInstanceUid},
                           {"modality", s.modality},
                           {"description", s.seriesDescription},
                           {"number", s.seriesNumber},
                           {"instances", s.instanceCount}});
    } else {
        pacs::StudyQuery query{o.value("--patient"), o.value("--patient-id"), o.value("--date"),
                               o.value("--modality"), o.value("--description")};
        auto studies = client.findStudies(query);
        if (!studies)
            return fail(studies.error());
        for (const pacs::StudyMatch& s : *studies)
            out.push_back({{"study", s.studyInstanceUid},
                           {"patient", s.patientName},
                           {"patient_id", s.patientId},
                           {"date", s.studyDate},
                           {"description", s.studyDescription},
                           {"modalities", s.modalities},
                           {"accession", s.accessionNumber},
                           {"series", s.seriesCount}});
    }
    if (o.has("--json")) {
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    for (const auto& row : out) {
        std::string line;
        for (const auto& [key, value] : row.items())
            line += key + "=" + (value.is_string() ? value.get<std::string>() : value.dump()) + "  ";
        std::printf("%s\n", line.c_str());
    }
    return 0;
}

int runGet(const pacs::DimseClient& client, const CommandOptions& o)
{
    if (auto ok = o.require({"--study", "--series", "--cache"}, "pacs get"); !ok)
        return fail(ok.error());
    const bool quiet = o.has("--quiet") || o.has("--json");
    auto retrieved = client.retrieveSeries(o.value("--study"), o.value("--series"), o.value("--cache"),
                                           [quiet](int done, int total) {
                                               if (!quiet)
                                                   std::fprintf(stderr, "\rreceived %d of %d", done, total);
                                               return true;
                                           });
    if (!quiet)
        std::fprintf(stderr, "\n");
    if (!retrieved)
        return fail(retrieved.error());
    if (o.has("--json"))
        std::printf("%s\n", nlohmann::json{{"folder", retrieved->folder},
                                           {"files", retrieved->files.size()},
                                           {"failed", retrieved->failed}}
                                .dump(2)
                                .c_str());
    else
        std::printf("%s: %zu files\n", retrieved->folder.c_str(), retrieved->files.size());
    return retrieved->failed > 0 ? 1 : 0;
}

} // namespace

int runPacs(const Arguments& arguments)
{
    if (arguments.empty())
        return failUsage("pacs needs a sub-command: echo, find, get or store");
    const std::string& sub = arguments.front();
    auto parsed = CommandOptions::parse(Arguments(arguments.begin() + 1, arguments.end()), kSpecs);
    if (!parsed)
        return fail(parsed.error());
    const CommandOptions& o = *parsed;
    auto node = nodeOf(o);
    if (!node)
        return fail(node.error());
    const pacs::DimseClient client(*node);
    if (sub == "echo") {
        if (auto echoed = client.echo(); !echoed)
            return fail(echoed.error());
        std::printf("%s answers C-ECHO\n", o.value("--node").c_str());
        return 0;
    }
    if (sub == "find")
        return runFind(client, o);
    if (sub == "get")
        return runGet(client, o);
    if (sub == "store") {
        if (o.positional().empty())
            return failUsage("pacs store needs the files to send");
        if (auto stored = client.store(o.positional()); !stored)
            return fail(stored.error());
        std::printf("%zu files stored on %s\n", o.positional().size(), o.value("--node").c_str());
        return 0;
    }
    return failUsage("unknown pacs sub-command '" + sub + "' (echo, find, get, store)");
}

} // namespace delineate::cli
